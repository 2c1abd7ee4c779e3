"""Admin forms for images and documents (set as WAGTAILIMAGES_IMAGE_FORM_BASE and
WAGTAILDOCS_DOCUMENT_FORM_BASE): help text on every field, the editor's own unit's collection
first and preselected, and alt text required unless the image is marked decorative."""

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from cms.models import UnitMembership

COLLECTION_HELP = _("Who may use the file: your unit's collection (your unit edits it) or the shared city "
                    "collection (everyone may choose from it). Your unit's collection is chosen for you.")
ALT_TEXT_REQUIRED = _("Describe the picture in Indonesian, or tick \"decorative image\" if it adds no information.")
TAGS_HELP = _("Optional keywords that help editors find the file later, e.g. \"festival\", \"kelurahan office\".")


def unit_collection_ids(user):
    """The collections of the units the user writes or reviews for."""
    if user is None or not user.is_authenticated:
        return []
    return list(UnitMembership.objects.filter(
        user=user, role__in=(UnitMembership.Role.EDITOR, UnitMembership.Role.REVIEWER),
        unit__collection__isnull=False,
    ).order_by("role", "unit_id").values_list("unit__collection", flat=True).distinct())


class OwnCollectionFirstMixin:
    def _own_collection_first(self, user):
        field = self.fields.get("collection")
        own = unit_collection_ids(user)
        if field is not None:
            field.help_text = COLLECTION_HELP
            if own:
                # The unit's collections first, then the rest in tree order.
                field.queryset = field.queryset.order_by(
                    Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(own)],
                         default=Value(len(own)), output_field=IntegerField()), "path")
                permitted = set(field.queryset.values_list("pk", flat=True))
                allowed = [pk for pk in own if pk in permitted]
                if allowed and not self.instance.pk and not self.is_bound:
                    self.initial["collection"] = allowed[0]


class ImageForm(OwnCollectionFirstMixin, BaseImageForm):
    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        help_texts = {
            "title": _("A short name that helps editors find the image in the library; it is not shown to visitors."),
            "file": _("A photo or drawing (JPEG, PNG, WebP, at most 10 MB). Use a photo your unit may publish."),
            "alt_text_ind": _("Required unless the image is decorative. Describe what the picture shows in one "
                              "sentence, for people who cannot see it."),
            "alt_text_en": _("Optional. The same description in English; where it is empty, English pages use "
                             "the Indonesian text."),
            "tags": TAGS_HELP,
        }
        labels = {"alt_text_ind": _("Alt text (Indonesian)"), "alt_text_en": _("Alt text (English)")}
        for name, text in help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = text
        for name, text in labels.items():
            if name in self.fields:
                self.fields[name].label = text
        self._own_collection_first(user)

    def clean(self):
        cleaned = super().clean()
        if ("alt_text_ind" in self.fields and not cleaned.get("is_decorative")
                and not (cleaned.get("alt_text_ind") or "").strip()):
            self.add_error("alt_text_ind", forms.ValidationError(ALT_TEXT_REQUIRED, code="alt_text_required"))
        return cleaned


class DocumentForm(OwnCollectionFirstMixin, BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        help_texts = {
            "title": _("The name visitors see on the download link, e.g. \"Service requirements 2026 (PDF)\"."),
            "file": _("PDF is best for visitors; also DOCX, XLSX, ODT, ODS, CSV or TXT. No personal data of citizens."),
            "tags": TAGS_HELP,
        }
        for name, text in help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = text
        self._own_collection_first(user)
