"""What the outage page (cms.outage) says on the complaint pages while the database is unreachable.

A report's form carries a submission id, and sending the same form twice gives one report
(intake.find_submission, and the unique constraint in services.submit): so a post that met the
outage, saved or not, may safely be sent again, and the page offers exactly that.
"""

import re
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from .paths import segment

CODE = r"[A-Za-z0-9]{6,16}"


def _submission(request):
    if request.method != "POST" or request.POST.get("support"):
        return None
    try:
        return uuid.UUID(request.POST.get("submission_id", "")[:36])
    except ValueError:
        return None


def _submitted_code(request):
    # Every language's segment ("terkirim", "submitted"): the request's language may not be known yet.
    segments = "|".join(re.escape(segment("submitted", code)) for code, _name in settings.LANGUAGES)
    match = re.search(rf"/(?:{segments})/({CODE})/$", request.path)
    return match.group(1).upper() if match else None


def outage_notice(request):
    if _submission(request):
        fields = [(name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken"
                  for value in values]
        return {
            "heading": _("Your report may have been saved"),
            "message": _("The connection to our database was lost while your report was being sent, so it may "
                         "have been saved. Sending the same form again is safe: if it was saved, you will see its "
                         "tracking code, and no second report is made."),
            "resend": fields,
            "attached_files": bool(request.FILES),
        }
    if request.method == "GET" and (code := _submitted_code(request)):
        return {
            "heading": _("Report %(code)s") % {"code": code},
            "message": _("Report %(code)s cannot be shown right now. If you have just sent it, it has been saved: "
                         "keep this tracking code to follow it later.") % {"code": code},
        }
    return None
