from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    urls = [
        path("setup/", two_factor.setup, name="setup"),
        path("verify/", two_factor.verify, name="verify"),
        path("recovery-codes/", two_factor.recovery_codes, name="recovery_codes"),
        path("recovery-codes/saved/", two_factor.recovery_codes_saved, name="recovery_codes_saved"),
        path("reset/", two_factor.reset_index, name="reset_index"),
        path("reset/<int:user_id>/", two_factor.reset, name="reset"),
    ]
    return [path("2fa/", include((urls, "cms_2fa"), namespace="cms_2fa"))]


@hooks.register("register_account_menu_item")
def register_recovery_codes_account_item(request):
    if request.user.is_verified():  # someone who gave a code (or a recovery code) this session
        return {"url": reverse("cms_2fa:recovery_codes"), "label": _("Recovery codes"),
                "help_text": _("One-time codes for logging in when you lose your phone. Make a new set here.")}
    return None


class TwoFactorResetMenuItem(MenuItem):
    def is_shown(self, request):
        return two_factor.can_reset(request.user)


@hooks.register("register_settings_menu_item")
def register_two_factor_reset_menu_item():
    return TwoFactorResetMenuItem(_("Two-step login resets"), reverse("cms_2fa:reset_index"),
                                  name="two-step-login-resets", icon_name="lock", order=610)


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    # Logged against the person whose login was reset, by whoever reset it; nothing secret.
    actions.register_action(two_factor.RESET_ACTION, _("Reset two-step login"), _("Two-step login reset"))
