"""Every change this project makes to a third-party package, in one place.

Applied once from CmsConfig.ready(). Each patch first checks that the thing it replaces is still
there and still what it was written against, and raises PatchTargetChanged otherwise: an upgrade
that moves the target stops the site at start-up (and tests/test_patches.py) instead of leaving
the patch silently inert.
"""


class PatchTargetChanged(RuntimeError):
    pass


def _expect(condition, message):
    if not condition:
        raise PatchTargetChanged(message)


def page_route():
    """wagtail-modeltranslation sets its own route() on every translated page model; it loads every
    child of each level to compare slugs in Python. Ours asks the database for the one child
    (cms.routing.localized_route)."""
    from modeltranslation.translator import translator
    from wagtail.models import Page
    from wagtail_modeltranslation import patch_wagtailadmin

    from .routing import localized_route

    upstream = getattr(patch_wagtailadmin, "_new_route", None)
    _expect(callable(upstream), "wagtail_modeltranslation.patch_wagtailadmin._new_route is gone")
    page_models = [m for m in translator.get_registered_models() if issubclass(m, Page)]
    targets = [m for m in page_models if m.route is upstream]
    _expect(targets or any(m.route is localized_route for m in page_models),
            "no translated page model gets wagtail-modeltranslation's _new_route as route() any more")
    for model in targets:
        model.route = localized_route


def deep_translator_transport():
    """deep-translator calls `requests.get/post` through each provider module's own `requests`
    name, without timeouts and with the text in the URL. Each module gets a stand-in that adds
    timeouts, a shared session, and the request shapes the providers accept today."""
    import requests

    from .machine_translation.service import TRANSPORTS, Transport

    for module, transport in TRANSPORTS.items():
        current = getattr(module, "requests", None)
        _expect(current is requests or isinstance(current, Transport),
                f"{module.__name__} no longer imports requests as a module-level name")
        module.requests = transport


PATCHES = (page_route, deep_translator_transport)


def apply():
    for patch in PATCHES:
        patch()
