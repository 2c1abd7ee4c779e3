"""Models that changed app keep their rows and the permissions groups hold: the content types are
relabelled, not made anew (migrations machine_translation 0001 and accounts 0001)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from cms.accounts.permissions import TRANSLATORS_GROUP, site_groups

pytestmark = pytest.mark.django_db


def test_tables_stay_those_made_in_the_cms_app():
    assert apps.get_model("machine_translation", "GlossaryTerm")._meta.db_table == "cms_glossaryterm"
    assert apps.get_model("machine_translation", "PageTranslationState")._meta.db_table == "cms_pagetranslationstate"
    assert apps.get_model("accounts", "RecoveryCodeDevice")._meta.db_table == "cms_recoverycodedevice"
    assert apps.get_model("accounts", "RecoveryCode")._meta.db_table == "cms_recoverycode"


def test_a_database_of_the_old_layout_keeps_its_translators_permissions():
    migration = import_module("cms.machine_translation.migrations.0001_initial")
    site_groups()  # the Translators group as the roster import makes it
    # As on a database migrated before the move: the content types still say "cms".
    ContentType.objects.filter(app_label="machine_translation").update(app_label="cms")
    ContentType.objects.clear_cache()
    translators = Group.objects.get(name=TRANSLATORS_GROUP)
    granted = set(translators.permissions.filter(content_type__app_label="cms").values_list("codename", flat=True))
    assert {"review_translation", "change_glossaryterm"} <= granted

    migration.forwards(apps, None)

    assert not ContentType.objects.filter(app_label="cms", model__in=migration.MODELS).exists()
    assert set(translators.permissions.filter(content_type__app_label="machine_translation")
               .values_list("codename", flat=True)) == granted
    person = get_user_model().objects.create_user("penerjemah-baru", "baru@kotabogor.go.id", "x")
    person.groups.add(translators)
    assert person.has_perm("machine_translation.review_translation")
    assert person.has_perm("machine_translation.change_glossaryterm")


def test_relabelling_merges_into_content_types_already_made_for_the_new_app():
    migration = import_module("cms.machine_translation.migrations.0001_initial")
    new = ContentType.objects.get(app_label="machine_translation", model="glossaryterm")
    old = ContentType.objects.create(app_label="cms", model="glossaryterm")
    extra = Permission.objects.create(content_type=old, codename="export_glossaryterm", name="Can export")
    twin = Permission.objects.create(content_type=old, codename="change_glossaryterm", name="Can change")
    group = Group.objects.create(name="Glossary keepers")
    group.permissions.add(extra, twin)

    migration.forwards(apps, None)

    assert {(new.pk, "export_glossaryterm"), (new.pk, "change_glossaryterm")} <= set(
        group.permissions.values_list("content_type", "codename"))
