"""Admin views: the report of pages by English state, and a translator's review."""

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log
from wagtail.models import Page

from cms import cache
from cms.models import OrganisationUnit

from . import pages
from .models import PageTranslationState

REVIEW_PERMISSION = "cms.review_translation"
UNCHECKED = "unchecked"


def _forbidden(request):
    # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
    return TemplateResponse(request, "cms/machine_translation/forbidden.html", status=403)


def _sections():
    """(path, unit) of every unit's section, deepest first. home owns the section pages
    (see UNIT_SECTION_PROVIDER); read, never create, them here."""
    UnitPage = apps.get_model("home", "UnitPage")
    rows = UnitPage.objects.select_related("unit").only("path", "unit")
    return sorted(((row.path, row.unit) for row in rows), key=lambda item: -len(item[0]))


def report(request):
    if not request.user.has_perm(REVIEW_PERMISSION):
        return _forbidden(request)
    sections = _sections()
    units = sorted({unit.pk: unit for _path, unit in sections}.values(), key=lambda unit: (unit.kind, str(unit)))
    pages_qs = Page.objects.filter(depth__gt=1).annotate(en=Coalesce("english_state__state", Value(UNCHECKED)))
    unit = None
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = next((u for u in units if u.pk == int(unit_id)), None)
        paths = [path for path, u in sections if unit and u.pk == unit.pk]
        pages_qs = pages_qs.filter(path__startswith=paths[0]) if paths else pages_qs.none()
    counts = dict(pages_qs.order_by().values_list("en").annotate(n=Count("pk")).values_list("en", "n"))
    state = request.GET.get("state", "")
    choices = list(PageTranslationState.State.choices) + [(UNCHECKED, _("Not checked yet"))]
    if state in dict(choices):
        pages_qs = pages_qs.filter(en=state)
    page_obj = Paginator(pages_qs.select_related("english_state__reviewed_by").order_by("path"), 50).get_page(request.GET.get("p"))
    labels = dict(choices)
    rows = []
    for page in page_obj.object_list:
        owner = next((u for path, u in sections if page.path.startswith(path)), None)
        rows.append({"page": page, "state": page.en, "label": labels.get(page.en, page.en), "unit": owner,
                     "record": getattr(page, "english_state", None)})
    return TemplateResponse(request, "cms/machine_translation/report.html", {
        "rows": rows, "page_obj": page_obj, "units": units, "unit": unit, "state": state,
        "states": [{"code": code, "label": label, "count": counts.get(code, 0)} for code, label in choices],
        "total": sum(counts.values()),
    })


@require_http_methods(["GET", "POST"])
def review(request, page_id):
    if not request.user.has_perm(REVIEW_PERMISSION):
        return _forbidden(request)
    page = get_object_or_404(Page, pk=page_id).specific
    from cms.models import BasePage

    if not isinstance(page, BasePage):  # the tree's root and other pages without a public text
        raise Http404
    if request.method == "POST":
        pages.mark_reviewed(page, request.user)
        log(instance=page, action="cms.english_reviewed", user=request.user)
        cache.purge()  # the visitors' notice goes away
        messages.success(request, _("The English of '%(title)s' is marked as reviewed.") % {"title": page.title})
        return redirect("cms_translation:report")
    record = PageTranslationState.objects.filter(page=page).first()
    statuses, _fields = pages.assess(page, record.fields if record else {})
    labels = {"missing": _("Missing"), "machine": _("Machine translated"), "outdated_machine": _("Outdated"),
              "outdated_person": _("Outdated"), "reviewed": _("Reviewed")}
    fields = [{"name": name, "status": status, "label": labels[status]} for name, status in statuses.items()]
    return TemplateResponse(request, "cms/machine_translation/review.html", {
        "page": page, "fields": fields, "record": record, "english_url": page.localized_url("en", request),
    })
