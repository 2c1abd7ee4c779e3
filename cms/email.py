"""Plain-text e-mail bodies and subjects, rendered without HTML escaping.

Every e-mail of the site is plain text: rendered by the default engine, `<`, `&` and quotes in what
people wrote (a description, an officer's message, a page title) would reach them as `&lt;`, `&amp;`
and `&#x27;`. The "text" engine (settings.TEMPLATES) renders the same templates with autoescape off.
An HTML part, should one be added, goes through the default engine and stays escaped.
"""

from django.template.loader import render_to_string

ENGINE = "text"


def render_text(template_name, context=None):
    """`template_name` rendered as plain text (no HTML escaping)."""
    return render_to_string(template_name, context, using=ENGINE)


def render_subject(template_name, context=None):
    """A subject line: plain text on one line (a header cannot hold a line break)."""
    return " ".join(render_text(template_name, context).split())
