"""The review loop: what a jubir and a reviewer see and receive when a page is submitted, returned
with a comment, approved or moved on to the next step.

Its own app (listed after wagtail.admin) so that its ready() runs after Wagtail's and can replace
Wagtail's workflow e-mails with ours: one e-mail per person and event, in that person's language.
"""
