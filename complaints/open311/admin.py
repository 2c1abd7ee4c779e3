"""Admin for API clients (keys shown once, only a hash stored) and their read-only request log.

Imported by complaints/wagtail_hooks.py. The complaint desk gets these permissions in access.ensure_groups().
"""

from django.contrib.auth.models import Permission
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from .models import ApiClient, ApiRequestLog


class ApiClientCreateView(CreateView):
    def save_instance(self):
        self.raw_key = self.form.instance.set_key()
        return super().save_instance()

    def save_action(self):
        # The key is shown on this page and nowhere else: not in a message (stored in the session), not in a URL.
        response = TemplateResponse(self.request, "complaints/admin/api_key_created.html", {
            "client": self.object, "raw_key": self.raw_key, "index_url": self.get_success_url()})
        response["Cache-Control"] = "no-store"
        return response


class ApiClientViewSet(SnippetViewSet):
    model = ApiClient
    icon = "key"
    menu_label = _("API clients")
    add_view_class = ApiClientCreateView
    list_display = ["name", "unit", "key_prefix", "is_active", "created_at", "revoked_at"]
    list_filter = ["is_active"]
    copy_view_enabled = False


class ReadOnlyPolicy(ModelPermissionPolicy):
    """A log is read, never written by hand, even by a superuser."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(ApiRequestLog, ReadOnlyPolicy(ApiRequestLog))


class ApiRequestLogViewSet(SnippetViewSet):
    model = ApiRequestLog
    icon = "list-ul"
    menu_label = _("API request log")
    list_display = ["created_at", "client", "method", "path", "status"]
    list_filter = ["client", "method", "status"]
    copy_view_enabled = False
    inspect_view_enabled = False


class ApiSettingsGroup(SnippetViewSetGroup):
    menu_label = _("Open311 API")
    menu_icon = "key"
    menu_order = 153
    items = (ApiClientViewSet, ApiRequestLogViewSet)


register_snippet(ApiSettingsGroup)


@hooks.register("register_permissions")
def export_permission():
    return Permission.objects.filter(content_type__app_label="complaints", codename="export_personal_data")


@hooks.register("register_log_actions")
def register_erase_action(actions):
    actions.register_action("complaints.erase_personal_data", _("Personal data erased"), _("Personal data erased"))
