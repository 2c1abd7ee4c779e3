"""The standard texts of a complaint's timeline, kept as a key and parameters (ComplaintEvent.message_key and
message_params) and written in the reader's language when shown: the English tracking page says "We have
received your report." for a report written in Indonesian. The text in the reporter's language is also
stored (public_message), for the e-mails already sent and the Open311 feed. What an officer wrote has no
key and is shown as written.
"""

from django.utils import translation
from django.utils.translation import gettext as _


def _unit(event, pk):
    """The unit a message names: the event's own unit when it is that one (no query), else looked up."""
    if pk is None or (event is not None and event.unit_id == pk):
        return event.unit if event is not None else None
    from cms.models import OrganisationUnit

    return OrganisationUnit.objects.filter(pk=pk).first()


def _received(event, params):
    return _("We have received your report.")


def _received_confirm(event, params):
    return _("We have received your report.") + " " + _("Please confirm it with the link we sent to your e-mail.")


def _sent_to_unit(event, params):
    unit = _unit(event, params.get("unit"))
    return _("Your report has been sent to %(unit)s.") % {"unit": getattr(unit, "name", "")}


def _not_authority(event, params):
    body = _unit(event, params.get("body"))
    return _("This is not the responsibility of the Bogor City Government. It belongs to %(body)s. %(contact)s") % {
        "body": getattr(body, "name", ""), "contact": body.contact_text() if body else ""}


def _forwarded(event, params):
    return _("Your report has been forwarded to SP4N-LAPOR!, the national complaint system (reference %(ref)s).") % {
        "ref": params.get("ref", "")}


def _merged(event, params):
    return _("Your report is about the same problem as report %(code)s, so the two have been merged. "
             "Follow report %(code)s: you will receive its updates.") % {"code": params.get("code", "")}


TEXTS = {
    "received": _received,
    "received_confirm": _received_confirm,
    "confirmed": lambda event, params: _("You confirmed your report. It is now with the complaint desk."),
    "survey_thanks": lambda event, params: _("Thank you for rating how your report was handled."),
    "reopened_by_reporter": lambda event, params: _("You told us the problem is not fixed. "
                                                    "The report has been reopened."),
    "verified": lambda event, params: _("The complaint desk has verified your report."),
    "sent_to_unit": _sent_to_unit,
    "started": lambda event, params: _("The responsible unit has started working on your report."),
    "closed": lambda event, params: _("Your report is closed."),
    "not_authority": _not_authority,
    "forwarded": _forwarded,
    "merged": _merged,
}


def text(key, params=None, language=None, event=None):
    """Standard message `key` in `language` (default: the active one)."""
    with translation.override(language or translation.get_language()):
        return TEXTS[key](event, params or {})


def standard(key, language, **params):
    """The fields of an event carrying standard message `key`: its key, parameters, and its text in the
    reporter's `language` (what e-mails and Open311 read)."""
    return {"message_key": key, "message_params": params, "public_message": text(key, params, language)}


def render(event):
    """The event's public message for the reader: standard messages in the active language, the rest as written."""
    render_text = TEXTS.get(event.message_key)
    if render_text is None:
        return event.public_message
    return render_text(event, event.message_params or {})
