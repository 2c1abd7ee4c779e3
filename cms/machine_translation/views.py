"""Admin views: the report of pages by English state, and a translator's side-by-side review."""

from django.apps import apps
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin.views.reports import PageReportView
from wagtail.log_actions import log
from wagtail.models import Page

from cms.models import BasePage
from cms.pagecache import cache

from . import pages
from . import review as review_mod
from .models import PageTranslationState
from .pages import Superseded

REVIEW_PERMISSION = "machine_translation.review_translation"
UNCHECKED = "unchecked"
NEEDS_WORK, ALL = "todo", "all"
NEEDS_WORK_STATES = (PageTranslationState.State.MISSING, PageTranslationState.State.MACHINE,
                     PageTranslationState.State.OUTDATED)


def _forbidden(request, message=""):
    # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
    return TemplateResponse(request, "cms/machine_translation/forbidden.html", {"message": message}, status=403)


def _sections():
    """(path, unit) of every unit's section, deepest first. home owns the section pages
    (see UNIT_SECTION_PROVIDER); read, never create, them here."""
    UnitPage = apps.get_model("home", "UnitPage")
    rows = UnitPage.objects.select_related("unit").only("path", "unit")
    return sorted(((row.path, row.unit) for row in rows), key=lambda item: -len(item[0]))


class EnglishReportView(PageReportView):
    """Pages by English state, by default those that need a translator's work, filtered by unit,
    state and page type. A fixed number of queries whatever the number of pages."""

    template_name = "cms/machine_translation/report.html"
    page_title = gettext_lazy("English translations")
    header_icon = "doc-full"
    index_url_name = "cms_translation:report"
    permission_policy = None  # who may enter is REVIEW_PERMISSION, checked in dispatch()
    any_permission_required = None
    list_export = ()  # a page on screen, not a download

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_PERMISSION):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        """Every page but the root, by unit and page type; the counts per state are taken here,
        before the state filter (filter_queryset) applies."""
        request = self.request
        self.sections = sections = _sections()
        self.units = sorted({unit.pk: unit for _path, unit in sections}.values(),
                            key=lambda unit: (unit.kind, str(unit)))
        pages_qs = Page.objects.filter(depth__gt=1).annotate(en=Coalesce("english_state__state", Value(UNCHECKED)))
        self.unit = unit = None
        unit_id = request.GET.get("unit", "")
        if unit_id.isdigit():
            self.unit = unit = next((u for u in self.units if u.pk == int(unit_id)), None)
            paths = [path for path, u in sections if unit and u.pk == unit.pk]
            pages_qs = pages_qs.filter(path__startswith=paths[0]) if paths else pages_qs.none()
        self.types = types = {}
        for type_id in pages_qs.order_by().values_list("content_type", flat=True).distinct():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is not None:
                types[type_id] = capfirst(str(model._meta.verbose_name))
        page_type = request.GET.get("type", "")
        if page_type.isdigit() and int(page_type) in types:
            pages_qs = pages_qs.filter(content_type_id=int(page_type))
        else:
            page_type = ""
        self.page_type = page_type
        self.counts = dict(pages_qs.order_by().values_list("en").annotate(n=Count("pk")).values_list("en", "n"))
        self.choices = list(PageTranslationState.State.choices) + [(UNCHECKED, _("Not checked yet"))]
        return pages_qs.select_related("english_state__reviewed_by").order_by("path")

    def filter_queryset(self, queryset):
        state = self.request.GET.get("state", NEEDS_WORK)
        if state == NEEDS_WORK:
            queryset = queryset.filter(en__in=NEEDS_WORK_STATES)
        elif state in dict(self.choices):
            queryset = queryset.filter(en=state)
        else:
            state = ALL
        self.state = state
        return queryset

    def decorate_paginated_queryset(self, object_list):
        labels = dict(self.choices)
        rows = []
        for page in object_list:
            owner = next((u for path, u in self.sections if page.path.startswith(path)), None)
            rows.append({"page": page, "state": page.en, "label": labels.get(page.en, page.en), "unit": owner,
                         "type": self.types.get(page.content_type_id, ""),
                         "record": getattr(page, "english_state", None)})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts, unit, page_type = self.counts, self.unit, self.page_type
        filters = {key: value for key, value in (("unit", unit.pk if unit else ""), ("type", page_type)) if value}
        context.update({
            "units": self.units, "unit": unit, "state": self.state,
            "types": sorted(self.types.items(), key=lambda item: item[1]), "page_type": page_type,
            "states": [{"code": code, "label": label, "count": counts.get(code, 0)} for code, label in self.choices],
            "needs_work": sum(counts.get(code, 0) for code in NEEDS_WORK_STATES), "needs_work_code": NEEDS_WORK,
            "all_code": ALL, "total": sum(counts.values()),
            "filters": urlencode(filters), "query": urlencode({**filters, "state": self.state}),
        })
        return context


report = EnglishReportView.as_view()


def _statuses(page, record):
    """Per-field status of `page` (a revision's object too) against the recorded English."""
    return pages.assess(page, record.fields if record else {})[0]


def _mode(page, permissions):
    """What the translator's "finish" does with a new revision: (mode, why)."""
    if page.current_workflow_state is not None:
        return "draft", _("This page is in review: your English is saved into the draft under review, and is "
                          "published when the reviewers approve it.")
    if not page.live:
        return "draft", _("This page is not published yet: your English is saved as a draft and is published "
                          "with the page.")
    if page.has_unpublished_changes:
        return "draft", _("This page has unpublished changes: your English is saved as a draft with them, and is "
                          "published when the page's draft is published. Published English is not changed now.")
    if permissions.can_publish():
        return "publish", _("Your English is published at once.")
    if page.get_workflow() is not None:
        return "submit", _("Your English is saved as a draft and sent to the page's reviewers to publish.")
    return "draft", _("Your English is saved as a draft; someone who may publish this page publishes it.")


def _seen_as_published(page, items, changed):
    """Keys of the fields the translator left as they are and read exactly as they are published."""
    live = pages.targets(page)[0]
    keys = set()
    for item in items:
        if item.key in changed or item.key not in live:
            continue
        obj, name = live[item.key]
        if all(pages.normalized(obj, name, lang) == pages.normalized(item.obj, item.field_name, lang)
               for lang in (pages.SOURCE, pages.TARGET)):
            keys.add(item.key)
    return keys


def _mark_reviewed(request, page, only=None):
    pages.mark_reviewed(page, request.user, only=only)
    log(instance=page, action="cms.english_reviewed", user=request.user)
    cache.purge()  # the visitors' notice goes away


@require_http_methods(["GET", "POST"])
def review(request, page_id):
    """Each translatable field's Indonesian beside its English; the English edited, saved as a new
    revision (published, submitted or a draft, see _mode) and marked as reviewed."""
    if not request.user.has_perm(REVIEW_PERMISSION):
        return _forbidden(request)
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, BasePage):  # the tree's root and other pages without a public text
        raise Http404
    permissions = page.permissions_for_user(request.user)
    can_edit = permissions.can_edit()
    if request.method == "POST" and not can_edit:
        return _forbidden(request, _("You may not edit this page, so you may not change or review its English."))
    record = PageTranslationState.objects.filter(page=page).first()
    latest = page.get_latest_revision_as_object()
    data = request.POST if request.method == "POST" else None
    items, children = review_mod.build(latest, _statuses(latest, record), data)
    mode, why = _mode(page, permissions)
    lock = page.get_lock()
    locked = lock.get_message(request.user) if lock and lock.for_user(request.user) else ""
    status = 200

    if request.method == "POST":
        action = request.POST.get("action", "review")
        if action == "review":  # the English as published, without changes
            _mark_reviewed(request, page)
            messages.success(request, _("The English of '%(title)s' is marked as reviewed.") % {"title": page.title})
            return redirect("cms_translation:report")
        if locked:
            messages.error(request, locked)
            status = 409
        elif request.POST.get("revision", "") != str(page.latest_revision_id or ""):
            messages.error(request, _("Someone saved this page while you were working on it, so your English was "
                                      "not saved. The page is shown as it is now, with what you typed: check it and "
                                      "save again."))
            status = 409
        else:
            changed = review_mod.apply(items, request.POST)
            if any(item.error for item in items):
                messages.error(request, _("The English was not saved: correct the fields marked below."))
                status = 400
            else:
                return _save(request, page, latest, items, children, changed, mode, action)

    return TemplateResponse(request, "cms/machine_translation/review.html", {
        "page": page, "items": items, "record": record, "mode": mode, "why": why, "locked": locked,
        "can_edit": can_edit, "revision_id": page.latest_revision_id or "",
        "english_url": page.localized_url("en", request),
    }, status=status)


def _save(request, page, latest, items, children, changed, mode, action):
    finish = action == "finish"
    revision = None
    if changed:
        for accessor, objects in children.items():
            setattr(latest, accessor, objects)  # in memory: the revision carries the children's English
        try:
            with transaction.atomic():
                current = Page.objects.select_for_update().filter(pk=page.pk).values_list(
                    "latest_revision_id", flat=True).first()
                if current != page.latest_revision_id:
                    raise Superseded
                revision = latest.save_revision(user=request.user, log_action=True)
                if finish and mode == "publish":
                    revision.publish(user=request.user)
                elif finish and mode == "submit":
                    page.get_workflow().start(latest, request.user)
        except Superseded:
            messages.error(request, _("Someone saved this page at the same moment, so your English was not "
                                      "saved. Open the page again and save again."))
            return redirect("cms_translation:review", page.pk)
        except ValidationError as error:
            messages.error(request, _("The English was not saved: %(errors)s") % {"errors": " ".join(error.messages)})
            return redirect("cms_translation:review", page.pk)
    if not finish:
        if revision:
            messages.success(request, _("Your English is saved as a draft."))
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("cms_translation:review", page.pk)
    # A draft's English is a person's (so reviewed) once published; until then only what the translator
    # read as it is published is vouched for.
    _mark_reviewed(request, page, only=None if mode == "publish" else _seen_as_published(page, items, changed))
    title = {"title": page.title}
    if revision and mode == "publish":
        message = _("The English of '%(title)s' is published and marked as reviewed.")
    elif revision and mode == "submit":
        message = _("The English of '%(title)s' is saved and sent to the reviewers to publish. What you changed "
                    "counts as reviewed once it is published.")
    elif revision:
        message = _("The English of '%(title)s' is saved as a draft. What you changed counts as reviewed once it "
                    "is published.")
    else:
        message = _("The English of '%(title)s' is marked as reviewed.")
    messages.success(request, message % title)
    return redirect("cms_translation:report")
