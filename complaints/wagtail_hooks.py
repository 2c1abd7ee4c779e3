from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import access, admin_views, bulk_actions, desk_views, outage, readiness
from .models import AuthorityRule, Category, Complaint, ComplaintFormPage, ComplaintLogEntry, ResponseTemplate, RoutingRule
from .open311 import admin as open311_admin  # noqa: F401  (API clients and their log in the admin)
from .paths import segment
from .similar.priority import priority_issues
from .workflow import TRANSITIONS

inbox_urls = [
    path("", admin_views.inbox, name="list"),
    path("bulk/", admin_views.bulk, name="bulk"),
    path("dashboard/", admin_views.dashboard, name="dashboard"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/action/", admin_views.act, name="act"),
    path("<int:pk>/note/", admin_views.note, name="note"),
    path("photo/<int:pk>/", admin_views.photo, name="photo"),
    # The desk only: reports from other channels, merging duplicates, priority issues.
    path("new/", desk_views.new_complaint, name="new"),
    path("<int:pk>/merge/", desk_views.merge, name="merge"),
    path("priority/", desk_views.priority, name="priority"),
]


@hooks.register("register_admin_urls")
def register_inbox_urls():
    return [path("complaints/inbox/", include((inbox_urls, "complaints_inbox"), namespace="complaints_inbox"))]


for action in bulk_actions.ACTIONS.values():  # the hook takes the classes themselves
    hooks.register("register_bulk_action", action)


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_use_inbox(request.user)


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_monitor(request.user)


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(_("Complaints inbox"), reverse("complaints_inbox:list"), icon_name="warning", order=150)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(_("Complaint figures"), reverse("complaints_inbox:dashboard"), icon_name="table", order=151)


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "code", "sort_order", "is_active"]


class RoutingRuleViewSet(SnippetViewSet):
    model = RoutingRule
    icon = "redirect"
    list_display = ["category", "kecamatan", "kelurahan", "keywords", "unit", "priority", "is_active"]
    list_filter = ["category", "is_active"]


class AuthorityRuleViewSet(SnippetViewSet):
    model = AuthorityRule
    icon = "warning"
    list_display = ["name", "keywords", "responsible_body", "is_active"]


class ResponseTemplateViewSet(SnippetViewSet):
    model = ResponseTemplate
    icon = "doc-full"
    list_display = ["title", "category"]


class ComplaintSettingsGroup(SnippetViewSetGroup):
    menu_label = _("Complaint settings")
    menu_icon = "cog"
    menu_order = 152
    items = (CategoryViewSet, RoutingRuleViewSet, AuthorityRuleViewSet, ResponseTemplateViewSet)


register_snippet(ComplaintSettingsGroup)


class LateComplaintsPanel(Component):
    """On the admin home page: the current officer's late reports."""

    name = "late_complaints"
    order = 50
    template_name = "complaints/admin/late_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        late = access.complaints_for(self.request.user).late().select_related("category", "unit").order_by("due_at")
        return {"late": late[:10], "count": late.count()}


@hooks.register("construct_homepage_panels")
def add_late_panel(request, panels):
    if access.can_use_inbox(request.user):
        panels.append(LateComplaintsPanel(request))


class PriorityIssuesPanel(Component):
    """On the desk's admin home page: many reports of one kind in one place, worth one fix rather than many answers."""

    name = "priority_issues"
    order = 51
    template_name = "complaints/admin/priority_panel.html"

    def get_context_data(self, parent_context=None):
        groups = priority_issues()
        return {"groups": groups[:5], "count": len(groups)}


@hooks.register("construct_homepage_panels")
def add_priority_panel(request, panels):
    if access.is_desk(request.user):
        panels.append(PriorityIssuesPanel())


@hooks.register("register_log_actions")
def register_complaint_log_actions(actions):
    """Complaint steps appear in Wagtail's audit log (Reports → Site history) beside page actions, in their
    own log model so that each officer reads only the steps of the reports they may open (models/history.py)."""
    actions.register_model(Complaint, ComplaintLogEntry)
    for name, transition in TRANSITIONS.items():
        actions.register_action(f"complaints.{name}", transition.label, transition.label)
    actions.register_action("complaints.note", _("Internal note"), _("Internal note added"))
    actions.register_action("complaints.merge", _("Merge"), _("Merged into another report"))
    actions.register_action("complaints.enter", _("Report entered by the desk"), _("Report entered by the desk"))
    actions.register_action("complaints.export_personal_data", _("Export with personal data"),
                            _("Exported complaints with reporters' personal data"))


@hooks.register("robots_disallow")
def tracking_pages(request):
    """A tracking page shows one citizen's report: keep it out of search engines, in every language."""
    paths = []
    for page in ComplaintFormPage.objects.live():
        for code, _label in settings.LANGUAGES:
            url = page.localized_url(code, request=request)
            if url:
                paths.append(f"{url}{segment('track', code)}/")
    return paths


@hooks.register("readiness_checks")
def outbox_readiness():
    """/readyz: an e-mail pending longer than READYZ_EMAIL_MAX_AGE_MINUTES means mail is not going out
    (the mail server refuses, or no timer runs send_pending_email)."""
    return {"email": readiness.outbox_status}


@hooks.register("outage_notice")
def complaint_outage_notice(request):
    """The outage page on a complaint page: a post may have been saved (send it again), a code just given."""
    return outage.outage_notice(request)
