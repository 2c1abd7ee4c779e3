"""Duplicate reports (issue 8): similar open reports nearby, supporters, merging, priority issues.

Distances: a bounding box in SQL narrows the candidates, then the haversine formula in Python
decides, so the lookup works the same on SQLite and PostgreSQL without a spatial extension.
"""

import math
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min
from django.forms.utils import ErrorDict
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.models import OrganisationUnit

from . import access, notifications
from .models import Category, Complaint, ComplaintEvent, Supporter

S = Complaint.Status
# Reports a newcomer may join: still being handled, and not merged away.
OPEN_STATES = (S.RECEIVED, S.AWAITING_VERIFICATION, S.VERIFIED, S.DISPATCHED, S.IN_PROGRESS, S.REOPENED)
EARTH_RADIUS_M = 6_371_000
MAX_SUGGESTIONS = 5


class MergeError(Exception):
    """A merge that cannot be done; the message says why, in the officer's language."""


def distance_m(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearby(category, *, kelurahan=None, latitude=None, longitude=None, exclude=None, include_confidential=False,
           limit=MAX_SUGGESTIONS):
    """Open reports of `category` within the radius of a point, else in the same kelurahan.

    Returns [(complaint, metres or None)], nearest first, then newest. With a point, reports of the
    same kelurahan that have no coordinates are added after the measured ones: they may be the same.
    """
    if category is None:
        return []
    base = Complaint.objects.filter(category=category, status__in=OPEN_STATES).select_related("category", "kelurahan")
    if not include_confidential:
        base = base.filter(confidential=False)
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    results = []
    if latitude is not None and longitude is not None:
        lat, lon = float(latitude), float(longitude)
        radius = settings.COMPLAINT_DUPLICATE_RADIUS_M
        dlat = radius / 111_320
        dlon = radius / (111_320 * max(math.cos(math.radians(lat)), 0.01))
        box = base.filter(latitude__range=(Decimal(f"{lat - dlat:.6f}"), Decimal(f"{lat + dlat:.6f}")),
                          longitude__range=(Decimal(f"{lon - dlon:.6f}"), Decimal(f"{lon + dlon:.6f}")))
        for complaint in box.order_by("-created_at")[:200]:
            metres = distance_m(lat, lon, complaint.latitude, complaint.longitude)
            if metres <= radius:
                results.append((complaint, metres))
        results.sort(key=lambda pair: pair[1])
        if kelurahan is not None and len(results) < limit:
            unplaced = base.filter(kelurahan=kelurahan, latitude__isnull=True).order_by("-created_at")
            results += [(complaint, None) for complaint in unplaced[: limit - len(results)]]
    elif kelurahan is not None:
        results = [(complaint, None) for complaint in base.filter(kelurahan=kelurahan).order_by("-created_at")[:limit]]
    return results[:limit]


def public_fields(complaint, metres, page=None, now=None):
    """What anyone may see of a suggested report: nothing personal, no description, no photos."""
    now = now or timezone.now()
    return {
        "code": complaint.tracking_code,
        "category": complaint.category.name,
        "kelurahan": (complaint.kelurahan.short_name or complaint.kelurahan.name) if complaint.kelurahan else "",
        "status": complaint.get_status_display(),
        "age_days": max((now - complaint.created_at).days, 0),
        "distance_m": round(metres) if metres is not None else None,
        "url": page.sub_url("track", complaint.tracking_code) if page else None,
    }


def suggestions(results, page):
    now = timezone.now()
    return [public_fields(complaint, metres, page, now) for complaint, metres in results]


class SimilarQuery(forms.Form):
    category = forms.ModelChoiceField(queryset=Category.objects.filter(is_active=True))
    kelurahan = forms.ModelChoiceField(queryset=OrganisationUnit.objects.filter(kind="kelurahan"), required=False)
    latitude = forms.DecimalField(required=False, min_value=-90, max_value=90)
    longitude = forms.DecimalField(required=False, min_value=-180, max_value=180)


def _over_lookup_limit(request):
    from .services import client_key

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


def similar_for_form(data):
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is None or lon is None:
        lat = lon = None
    return nearby(data.get("category"), kelurahan=data.get("kelurahan"), latitude=lat, longitude=lon)


# Supporters ---------------------------------------------------------------------------------------

def add_supporter(complaint, email, language, *, key="", verified_at=None, from_complaint=None, page_path=None):
    """Make `email` follow `complaint`. Returns the supporter, or None for the reporter's own address.

    A new, unconfirmed supporter gets a link to confirm the address first, as a reporter does.
    """
    email = (email or "").strip().lower()
    if not email or email == complaint.email:
        return None
    try:
        with transaction.atomic():
            supporter, created = Supporter.objects.get_or_create(
                complaint=complaint, email=email,
                defaults={"language": language, "verified_at": verified_at, "from_complaint": from_complaint,
                          "client_key": key})
    except IntegrityError:  # the same person clicked twice at once
        return Supporter.objects.get(complaint=complaint, email=email)
    if not created and verified_at and supporter.verified_at is None:
        supporter.verified_at = verified_at
        supporter.save(update_fields=["verified_at"])
    if created and supporter.verified_at is None:
        queue_supporter_confirmation(supporter, page_path=page_path)
    return supporter


def _supporter_mail(supporter, template, page_path=None, **context):
    from .paths import segment

    base = page_path or notifications._complaint_page_url(supporter.language)
    lang = supporter.language
    # Not linked to the report's outbox rows: erasing the reporter's data must not touch this person's mail.
    return notifications.queue_to(
        supporter.email, template, lang, None, report=supporter.complaint,
        base_url=notifications._absolute(base),
        supporter_path=f"{segment('supporter', lang)}/{supporter.token}/",
        track_path=f"{segment('track', lang)}/{supporter.complaint.tracking_code}/", **context)


def queue_supporter_confirmation(supporter, page_path=None):
    return _supporter_mail(supporter, "supporter_confirm", page_path=page_path)


def queue_supporters(complaint, event):
    """A public step on a report: tell each confirmed supporter, in their own language."""
    supporters = complaint.supporters.filter(verified_at__isnull=False).select_related("complaint")
    return [_supporter_mail(supporter, "supporter_status", event=event) for supporter in supporters]


def supporter_count(complaint):
    return complaint.supporters.count()


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
    from .forms import ComplaintForm
    from .services import client_key

    support = SupportForm(request.POST)
    code = "".join(ch for ch in request.POST.get("support", "").upper() if ch.isalnum())[:16]
    target = Complaint.objects.filter(tracking_code=code, status__in=OPEN_STATES, confidential=False).first()
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


# Merging ------------------------------------------------------------------------------------------

@transaction.atomic
def merge(duplicate, master, user, reason, now=None):
    """The desk merges `duplicate` into `master`: its reporter and supporters follow the master."""
    if not access.is_desk(user):
        raise MergeError(_("You may not do this to this report."))
    reason = (reason or "").strip()
    if not reason:
        raise MergeError(_("Say why these reports are the same."))
    locked = {c.pk: c for c in Complaint.objects.select_for_update().filter(pk__in=[duplicate.pk, master.pk])
              .order_by("pk")}
    duplicate, master = locked.get(duplicate.pk), locked.get(master.pk)
    if duplicate is None or master is None or duplicate.pk == master.pk:
        raise MergeError(_("Choose another report to merge with."))
    if duplicate.status == S.MERGED:
        raise MergeError(_("This report is already merged."))
    if duplicate.status not in OPEN_STATES:
        raise MergeError(_("Only an open report can be merged."))
    if master.status not in OPEN_STATES:
        raise MergeError(_("Report %(code)s is no longer open; merge into an open report.")
                         % {"code": master.tracking_code})
    if master.confidential:
        # The merged reporter would be sent the master's code and its updates: a confidential
        # report is never shown to anyone but its own reporter.
        raise MergeError(_("Report %(code)s is confidential: other reports cannot be merged into it.")
                         % {"code": master.tracking_code})
    now = now or timezone.now()
    duplicate.status, duplicate.merged_into, duplicate.due_at = S.MERGED, master, None
    duplicate.save()
    # Reports merged earlier into this one follow it to the master.
    Complaint.objects.filter(merged_into=duplicate).update(merged_into=master)
    for supporter in list(duplicate.supporters.all()):
        if supporter.email == master.email or master.supporters.filter(email=supporter.email).exists():
            supporter.delete()
        else:
            supporter.complaint = master
            supporter.save(update_fields=["complaint"])
    if duplicate.email and not duplicate.personal_data_erased_at:
        add_supporter(master, duplicate.email, duplicate.language, verified_at=duplicate.verified_at,
                      from_complaint=duplicate)
    with translation.override(duplicate.language):
        message = _("Your report is about the same problem as report %(code)s, so the two have been merged. "
                    "Follow report %(code)s: you will receive its updates.") % {"code": master.tracking_code}
    event = ComplaintEvent.objects.create(complaint=duplicate, created_at=now, actor=user, status=S.MERGED,
                                          action="merge", public_message=message, internal_note=reason)
    ComplaintEvent.objects.create(complaint=master, created_at=now, actor=user, is_public=False, action="note",
                                  internal_note=_("Report %(code)s merged into this one: %(reason)s")
                                  % {"code": duplicate.tracking_code, "reason": reason})
    log(duplicate, "complaints.merge", user=user, data={"into": master.tracking_code})
    if duplicate.email and not duplicate.personal_data_erased_at:
        notifications.queue_status(duplicate, event)
    return event


# Priority issues ----------------------------------------------------------------------------------

def priority_issues(now=None, days=None, minimum=None):
    """Open reports grouped by category and kelurahan over the last `days`, heaviest first.

    Weight = reports + supporters; a group counts from `minimum`. Three queries however many groups.
    """
    now = now or timezone.now()
    days = settings.COMPLAINT_PRIORITY_DAYS if days is None else days
    minimum = settings.COMPLAINT_PRIORITY_MIN_REPORTS if minimum is None else minimum
    since = now - timedelta(days=days)
    rows = list(
        Complaint.objects.filter(created_at__gte=since, status__in=OPEN_STATES, kelurahan__isnull=False)
        .values("category", "kelurahan")
        .annotate(reports=Count("pk", distinct=True), supporters=Count("supporters", distinct=True),
                  first=Min("created_at"), last=Max("created_at"))
        .annotate(weight=F("reports") + F("supporters"))
        .filter(weight__gte=minimum).order_by("-weight", "-last")
    )
    categories = Category.objects.in_bulk({row["category"] for row in rows})
    places = OrganisationUnit.objects.select_related("parent").in_bulk({row["kelurahan"] for row in rows})
    for row in rows:
        row["category"], row["kelurahan"] = categories[row["category"]], places[row["kelurahan"]]
        row["since"] = since
    return rows
