"""The public side of duplicates: the form's lookup of similar reports and the links in a supporter's
e-mail. ("I have this problem too" on the form goes through intake.) Each takes the complaint page as its host.
"""

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import OrganisationUnit

from .. import ratelimit
from ..models import Category, Supporter
from .nearby import nearby, suggestions


class SimilarQuery(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.filter(is_active=True))
    kelurahan = forms.ModelChoiceField(queryset=OrganisationUnit.objects.filter(kind="kelurahan"), required=False)
    latitude = forms.DecimalField(required=False, min_value=-90, max_value=90)
    longitude = forms.DecimalField(required=False, min_value=-180, max_value=180)


def similar_json(request, page):
    """GET …/serupa/?category=…&kelurahan=…&latitude=…&longitude=… for the form's script."""
    if ratelimit.lookups_exceeded(request):
        return JsonResponse({"error": _("Too many lookups. Please wait a few minutes.")}, status=429)
    query = SimilarQuery(request.GET)
    if not query.is_valid():
        return JsonResponse({"error": _("Choose the kind of problem and the place.")}, status=400)
    data = query.cleaned_data
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is None or lon is None:
        lat = lon = None
    results = nearby(data["category"], kelurahan=data.get("kelurahan"), latitude=lat, longitude=lon)
    return JsonResponse({"radius_m": settings.COMPLAINT_DUPLICATE_RADIUS_M, "results": suggestions(results, page)})


def supporter_view(request, page, token):
    """The link in a supporter's e-mail: confirm the address, or stop the updates (deleting it)."""
    supporter = Supporter.find(token)

    def show(template, status=200, **context):
        response = page.render(request, template=template, context_overrides=context)
        response.status_code = status
        return response

    if supporter is None:
        return show("complaints/message.html", 404, heading=_("This link can no longer be used"),
                    message=_("You no longer receive updates about this report, or the link is incomplete."),
                    link=page.sub_url("track"), link_text=_("Track a report"))
    complaint = supporter.complaint
    track = page.sub_url("track", complaint.tracking_code)
    if request.method == "POST":
        if request.POST.get("action") == "stop":
            supporter.delete()
            return show("complaints/message.html", heading=_("You will receive no more updates"),
                        message=_("Your e-mail address has been deleted from this report."),
                        link=track, link_text=_("See the report"))
        # Conditional: a second click changes nothing.
        Supporter.objects.filter(pk=supporter.pk, verified_at__isnull=True).update(verified_at=timezone.now())
        return show("complaints/message.html", heading=_("Thank you"),
                    message=_("We will tell you each time report %(code)s moves forward.")
                    % {"code": complaint.tracking_code}, link=track, link_text=_("See the report"))
    # Opening the link only shows buttons: mail scanners that fetch links must not act.
    return show("complaints/supporter.html", supporter=supporter, complaint=complaint, track_url=track)
