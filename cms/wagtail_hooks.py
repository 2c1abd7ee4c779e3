from django.urls import include, path
from wagtail import hooks

from . import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    urls = [path("setup/", two_factor.setup, name="setup"), path("verify/", two_factor.verify, name="verify")]
    return [path("2fa/", include((urls, "cms_2fa"), namespace="cms_2fa"))]


from .machine_translation import admin as _machine_translation_admin  # noqa: E402,F401  (its hooks)
