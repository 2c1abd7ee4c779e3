"""The public side of duplicates: the form's lookup of similar reports, "I have this problem too"
on the form, and the links in a supporter's e-mail. Each takes the complaint page as its host.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.forms.utils import ErrorDict
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import OrganisationUnit

from ..forms import ComplaintForm
from ..models import Category, Complaint, Supporter
from ..services import client_key
from .nearby import MAX_SUGGESTIONS, nearby, suggestions
from .supporters import add_supporter


class SimilarQuery(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.filter(is_active=True))
    kelurahan = forms.ModelChoiceField(queryset=OrganisationUnit.objects.filter(kind="kelurahan"), required=False)
    latitude = forms.DecimalField(required=False, min_value=-90, max_value=90)
    longitude = forms.DecimalField(required=False, min_value=-180, max_value=180)


def _over_lookup_limit(request):
    limit = settings.COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN
    if limit <= 0:
        return False
    window = int(timezone.now().timestamp() // 600)
    key = f"complaints:similar:{client_key(request)}:{window}"
    cache.add(key, 0, 660)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False


def similar_json(request, page):
    """GET …/serupa/?category=…&kelurahan=…&latitude=…&longitude=… for the form's script."""
    if _over_lookup_limit(request):
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


class SupportForm(forms.Form):
    support = forms.CharField(max_length=16)
    email = forms.EmailField(error_messages={
        "required": gettext_lazy("Give your e-mail address so that we can tell you what happens to this report."),
        "invalid": gettext_lazy("Enter an e-mail address such as nama@contoh.id.")})
    consent = forms.BooleanField(error_messages={
        "required": gettext_lazy("Please agree to the privacy notice so that we can handle your report.")})


def support_from_form(request, page, render):
    """The citizen chose "I have this problem too" on the form: follow that report instead of sending one.

    `render(form, status, **context)` shows the form again (with what was typed) when something is missing.
    """
    support = SupportForm(request.POST)
    target = Complaint.objects.open().filter(confidential=False).by_code(request.POST.get("support", "")).first()
    key = client_key(request)
    form = ComplaintForm(request.POST)
    # Show only the errors of what "I have this problem too" needs, not of the unfinished report.
    form._errors, form.cleaned_data = ErrorDict(), {}
    if target is None:
        form.add_error(None, _("That report can no longer be followed. You can send your own report."))
        return render(form, 400)
    if not support.is_valid():
        for field in ("email", "consent"):
            for error in support.errors.get(field, []):
                form.add_error(field, error)
        lat, lon = _decimal(request.POST.get("latitude"), 90), _decimal(request.POST.get("longitude"), 180)
        similar = nearby(target.category, kelurahan=target.kelurahan, latitude=lat, longitude=lon)
        if target not in [c for c, _m in similar]:
            similar = [(target, None), *similar][:MAX_SUGGESTIONS]
        return render(form, 400, similar=suggestions(similar, page))
    recent = Supporter.objects.filter(client_key=key, created_at__gte=timezone.now() - timedelta(hours=1))
    limit = settings.COMPLAINT_RATE_LIMIT_PER_HOUR
    if limit > 0 and recent[: limit * 4].count() >= limit * 4:
        form.add_error(None, _("You have sent several reports in the past hour. Please wait a while before "
                               "sending another one; what you typed is still here."))
        return render(form, 429)
    add_supporter(target, support.cleaned_data["email"], translation.get_language(), key=key,
                  page_path=page.get_url(request=request))
    # One answer whoever the address belongs to: a different one for the reporter's own address or
    # a confirmed supporter would tell a stranger who reported or follows this report.
    message = _("Thank you. Unless this e-mail address already follows report %(code)s, we have sent it a link "
                "to confirm: then we will tell you each time the report moves forward.") % {"code": target.tracking_code}
    response = page.render(request, template="complaints/message.html", context_overrides={
        "heading": _("You have this problem too"), "message": message,
        "link": page.sub_url("track", target.tracking_code), "link_text": _("See the report")})
    return response


def _decimal(value, limit):
    """A coordinate typed into the form, or None: NaN, infinities and numbers off the globe would
    break the distance query."""
    try:
        number = Decimal(value) if value else None
    except ArithmeticError:
        return None
    return number if number is not None and number.is_finite() and abs(number) <= limit else None


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
