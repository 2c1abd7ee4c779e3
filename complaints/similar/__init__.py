"""Duplicate reports: similar open reports nearby (nearby), people who have the same problem
(supporters), the desk merging two reports (merge), and many reports of one kind in one place
(priority). The public views of the form's lookup and the supporters' links are in views.
"""
