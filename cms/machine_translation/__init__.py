"""Machine translation of page content (Indonesian to English) and of complaints (English to Indonesian).

service.py   the provider, wrapped: timeouts, errors as results, chunking, batching
segments.py  what of a field goes to the provider: text nodes of rich text, text blocks of a StreamField
glossary.py  terms kept as they are or always translated one way, protected by placeholders
pages.py     per-page English state: which fields a person wrote, which the machine wrote, what is out of date
tasks.py     the background task run on publish, from the admin action and from `translate_pages`
models.py    the glossary and each page's English state (tables kept from when they lived in cms)
views.py     the admin's English report; review.py its side-by-side review of one page
wagtail_hooks.py  menu items, page actions and the glossary snippet
"""
