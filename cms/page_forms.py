"""The admin form every page type uses (`BasePage.base_form_class`).

- A new page's unit fields start with the editor's own unit.
- A slug held only by a never-published draft (typically one that autosave created when an editor
  started a page and left it) does not block a new page: the new page gets the next free slug and
  the editor is told which draft holds the address.

This module reads units and memberships through the model and the user (no import of cms.models,
which imports this module).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminPageForm

EDITING_ROLES = ("editor", "reviewer")


def user_unit_ids(user):
    """The units a person edits or reviews for: the units they are an editor of first."""
    if not user or not user.is_authenticated:
        return []
    rows = sorted(user.unit_memberships.filter(role__in=EDITING_ROLES).values_list("role", "pk", "unit_id"),
                  key=lambda row: (row[0] != "editor", row[1]))
    ids = []
    for _role, _pk, unit_id in rows:
        if unit_id not in ids:
            ids.append(unit_id)
    return ids


def unit_fields(model):
    """Names of the model's foreign keys to organisational units."""
    return [f.name for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.related_model._meta.label == "cms.OrganisationUnit"]


class BasePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.renamed_slugs = []
        if not self.is_bound and self.instance.pk is None:
            self._propose_own_unit()

    # -- the editor's unit on a new page

    def _propose_own_unit(self):
        names = [n for n in unit_fields(type(self.instance))
                 if n in self.fields and getattr(self.instance, f"{n}_id") is None]
        if not names:
            return
        ids = user_unit_ids(self.for_user)
        if not ids:
            return
        unit_id = ids[0]
        if len(ids) > 1 and self.parent_page is not None:
            # Someone in several units gets the unit of the section they are writing in.
            for page in reversed(self.parent_page.get_ancestors(inclusive=True).specific(defer=True)):
                if getattr(page, "unit_id", None) in ids:
                    unit_id = page.unit_id
                    break
        for name in names:
            self.initial[name] = unit_id

    # -- slugs held by never-published drafts

    def clean(self):
        cleaned_data = super().clean()
        if self.parent_page is not None:
            self._move_off_draft_slugs(cleaned_data)
        # Read by the after_create_page / after_edit_page hooks, which get the page but not the form.
        self.instance.renamed_slug_messages = self.renamed_slug_messages()
        return cleaned_data

    def _move_off_draft_slugs(self, cleaned_data):
        default = mt_settings.DEFAULT_LANGUAGE
        languages = list(mt_settings.AVAILABLE_LANGUAGES)
        slug_names = {lang: build_localized_fieldname("slug", lang) for lang in languages}
        if not any(cleaned_data.get(name) for name in slug_names.values()):
            return
        siblings = self.parent_page.get_children()
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        siblings = list(siblings.values("pk", "title", "live", "first_published_at", *slug_names.values()))

        def effective(values, lang):
            # The slug a page answers to in `lang`: its own, or the default language's (the package's fallback).
            return values.get(slug_names[lang]) or values.get(slug_names[default])

        for lang in languages:
            name = slug_names[lang]
            wanted = cleaned_data.get(name)
            if not wanted:
                continue
            holders = [s for s in siblings if effective(s, lang) == wanted]
            if not holders or any(s["live"] or s["first_published_at"] for s in holders):
                continue  # free, or held by a page the public has seen: the usual error applies
            taken = {effective(s, other) for s in siblings for other in languages}
            taken |= {cleaned_data.get(slug_names[other]) for other in languages if other != lang}
            number = 2
            while f"{wanted}-{number}" in taken:
                number += 1
            cleaned_data[name] = f"{wanted}-{number}"
            self.renamed_slugs.append({"old": wanted, "new": cleaned_data[name], "draft": holders[0]["title"],
                                       "draft_id": holders[0]["pk"]})

    def get_field_updates_for_resave(self):
        # After an autosave, the slug box in the open editor shows the slug the page really got.
        updates = list(super().get_field_updates_for_resave())
        for lang in mt_settings.AVAILABLE_LANGUAGES:
            name = build_localized_fieldname("slug", lang)
            if any(r["new"] == self.cleaned_data.get(name) for r in self.renamed_slugs):
                updates.append((name, self.cleaned_data[name]))
        return updates

    def renamed_slug_messages(self):
        return [_("The address \"%(old)s\" is held by the unpublished draft \"%(draft)s\" (ID %(draft_id)s), "
                  "so this page got \"%(new)s\". If that draft was abandoned, delete it and change the "
                  "address back.") % r for r in self.renamed_slugs]

