"""Each patch in cms/patches.py is in place, and the upstream code it replaces is still what it
was written against: an upgrade that changes the target fails here, not silently in production."""

import inspect

import pytest
import requests
from deep_translator import deepl, google, libre, microsoft
from modeltranslation.translator import translator
from wagtail.models import Page
from wagtail_modeltranslation import patch_wagtailadmin

from cms import patches
from cms.machine_translation import service
from cms.routing import localized_route
from home.models import HomePage, StandardPage


def test_every_patch_is_applied_at_start_up():
    assert set(patches.PATCHES) == {patches.page_route, patches.deep_translator_transport}


def test_translated_page_models_route_through_the_database():
    pages = [m for m in translator.get_registered_models() if issubclass(m, Page) and m is not Page]
    assert HomePage in pages and StandardPage in pages
    assert all(model.route is localized_route for model in pages)


def test_wagtail_modeltranslation_still_sets_its_own_route():
    # The patch replaces exactly this assignment; if upstream stops making it, ours has no target.
    source = inspect.getsource(patch_wagtailadmin)
    assert "model.route = _new_route" in source
    assert callable(patch_wagtailadmin._new_route)


def test_route_patch_is_idempotent_and_loud_when_the_target_is_gone(monkeypatch):
    patches.page_route()  # a second run finds its own route in place
    monkeypatch.delattr(patch_wagtailadmin, "_new_route")
    with pytest.raises(patches.PatchTargetChanged):
        patches.page_route()


@pytest.mark.parametrize("module", [libre, deepl, google, microsoft])
def test_deep_translator_modules_call_the_provider_through_our_transport(module):
    assert isinstance(module.requests, service.Transport)
    assert module.requests is service.TRANSPORTS[module]
    # Upstream still calls requests.get/post through its module-level name, the name we replace.
    source = inspect.getsource(module)
    assert "import requests" in source
    assert "requests.get(" in source or "requests.post(" in source


def test_transport_patch_is_loud_when_the_target_is_gone(monkeypatch):
    monkeypatch.setattr(libre, "requests", object())
    with pytest.raises(patches.PatchTargetChanged):
        patches.deep_translator_transport()
    monkeypatch.setattr(libre, "requests", requests)
    patches.deep_translator_transport()
    assert libre.requests is service.TRANSPORTS[libre]


def test_wagtail_workflow_emails_stay_replaced_by_the_review_loop():
    # Not a patch of code but of wiring: cms.review disconnects Wagtail's own workflow e-mails by
    # the ids Wagtail connects them with (it must run after wagtail.admin, so it lives in that app).
    from django.dispatch.dispatcher import _make_id
    from wagtail.admin import signal_handlers
    from wagtail.signals import task_submitted

    from cms.review.notifications import WAGTAIL_NOTIFIERS

    source = inspect.getsource(signal_handlers)
    for signal, sender, dispatch_uid in WAGTAIL_NOTIFIERS:
        assert f'dispatch_uid="{dispatch_uid}"' in source
        assert not any(key == (dispatch_uid, _make_id(sender)) for key, *_rest in signal.receivers)
    # ...and the lookup above does find a receiver connected this way (ours).
    assert any(key == ("cms_review_task_submitted", _make_id(None)) for key, *_rest in task_submitted.receivers)
