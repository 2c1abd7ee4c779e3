"""Core models every app uses: organisational units and the base page."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

# Page ownership and its review task are models of this app, kept in their own module.
from .ownership import PageOwnership, UnitReviewTask  # noqa: F401
from .page_forms import BasePageForm
from .pagecache.cache import generation


class OrganisationUnit(models.Model):
    """An OPD, BUMD, kecamatan, kelurahan, puskesmas or an external (non-city) body."""

    class Kind(models.TextChoices):
        OPD = "opd", _("City agency (OPD)")
        BUMD = "bumd", _("City company (BUMD)")
        KECAMATAN = "kecamatan", _("District (kecamatan)")
        KELURAHAN = "kelurahan", _("Sub-district (kelurahan)")
        PUSKESMAS = "puskesmas", _("Health centre (puskesmas)")
        EXTERNAL = "external", _("External body (not the city)")

    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("Short, lowercase, letters, digits and hyphens, e.g. dinkes or kel-batu-tulis. "
                                        "Used in addresses and imports."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices,
                            help_text=_("What sort of body this is."))
    name = models.CharField(_("name"), max_length=200,
                            help_text=_("The full official name, e.g. Dinas Kesehatan."))
    short_name = models.CharField(_("short name"), max_length=60, blank=True,
                                  help_text=_("The short name people use, e.g. Dinkes. Shown where space is short."))
    region_code = models.CharField(
        _("region code"), max_length=20, blank=True, db_index=True,
        help_text=_("Kemendagri code of a kecamatan or kelurahan, e.g. 32.71.01.1001."),
    )
    email = models.EmailField(_("official e-mail"), blank=True,
                              help_text=_("The unit's official e-mail address, e.g. dinkes@kotabogor.go.id."))
    head_email = models.EmailField(_("e-mail of the head of the unit"), blank=True,
                                   help_text=_("Late complaints are escalated here."))
    phone = models.CharField(_("phone"), max_length=40, blank=True,
                             help_text=_("With the area code, e.g. 0251 8311362."))
    address = models.CharField(_("address"), max_length=255, blank=True,
                               help_text=_("Street, number and kelurahan, e.g. Jl. Ir. H. Juanda No. 10, Paledang."))
    website = models.URLField(_("website"), blank=True,
                              help_text=_("Full address, starting with https://."))
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        help_text=_("The unit above this one, e.g. the kecamatan of a kelurahan or of a puskesmas."),
    )
    # The unit's own images and documents (cms.accounts.permissions.ensure_unit_collection).
    collection = models.OneToOneField(
        "wagtailcore.Collection", verbose_name=_("image and document collection"), null=True, blank=True,
        editable=False, on_delete=models.SET_NULL, related_name="unit",
    )

    panels = [
        FieldPanel("code"), FieldPanel("kind"), FieldPanel("name"), FieldPanel("short_name"), FieldPanel("region_code"),
        FieldPanel("email"), FieldPanel("head_email"), FieldPanel("phone"), FieldPanel("address"),
        FieldPanel("website"), FieldPanel("parent"),
    ]

    class Meta:
        ordering = ["kind", "name_ind"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name people use ("Dinas PUPR" rather than the full legal name); also the stem of its groups' names."""
        return self.short_name or self.name

    @property
    def is_city(self):
        return self.kind != self.Kind.EXTERNAL

    def contact_text(self):
        """How a citizen reaches this body, in one line (for "not the city's authority" messages)."""
        parts = [p for p in (self.phone, self.website, self.email) if p]
        return " · ".join(parts)


class UnitMembership(models.Model):
    """A person's role in a unit. One person may hold roles in several units."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor (jubir digital)")
        REVIEWER = "reviewer", _("Reviewer")
        LIAISON = "liaison", _("Complaint liaison")
        HEAD = "head", _("Head of unit")

    COMPLAINT_ROLES = (Role.LIAISON, Role.HEAD)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="unit_memberships")
    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        unique_together = [("user", "unit", "role")]
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class BasePage(Page):
    """The base of every public page type: language helpers and SEO defaults."""

    # Translated fields whose emptiness in English means "show the Indonesian text with a notice".
    translated_content_fields: tuple[str, ...] = ()
    # Pages that are listings or forms are not worth a place in the search results.
    show_in_search_results = True
    # Proposes the editor's unit on new pages; slugs held by never-published drafts do not block.
    base_form_class = BasePageForm
    # The query parameters the page reads (a listing's filters), name -> regex of the values it
    # accepts: the page cache keys on these and ignores the rest (cms.pagecache.cache).
    cache_query_params: dict[str, str] = {}
    # How many levels of ancestors show this page (its parent lists it): their cached copies are
    # purged when it is published (cms.pagecache.purge).
    shown_on_ancestors = 1

    class Meta:
        abstract = True

    def _raw(self, field, lang):
        return getattr(self, build_localized_fieldname(field, lang), None)

    def has_own_text(self, lang):
        """True when the page has its own title and content in `lang` (no fallback)."""
        if lang == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
            return True
        if not self._raw("title", lang):
            return False
        def empty(value):
            return value is None or value == "" or (hasattr(value, "__len__") and len(value) == 0)

        for field in self.translated_content_fields:
            # A field empty in Indonesian too has nothing to fall back to: it is not missing a translation.
            if empty(self._raw(field, lang)) and not empty(self._raw(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)):
                return False
        return True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["translation_missing"] = not self.has_own_text(translation.get_language())
        return context

    def serve_preview(self, request, mode_name):
        # Preview in the language the editor picked ("id" / "en"), not the admin's language.
        lang = mode_name if mode_name in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = super().serve_preview(request, "")
            if hasattr(response, "render"):
                response.render()
            return response

    @property
    def preview_modes(self):
        return [(code, _("Preview in %(language)s") % {"language": name}) for code, name in settings.LANGUAGES]

    @property
    def default_preview_mode(self):
        return settings.LANGUAGE_CODE

    @property
    def meta_description(self):
        """search_description, else the page's own summary or introduction."""
        from django.utils.html import strip_tags

        for field in ("search_description", "intro", "summary"):
            value = getattr(self, field, "")
            if value:
                return strip_tags(str(value)).strip()
        return ""

    def get_view_restrictions(self):
        """Wagtail asks this on every view: without a restriction above the page (nearly always), the answer
        comes from the cached list of restricted sections, not from two queries."""
        if self.alias_of_id is None and not any(self.path.startswith(path) for path in restricted_paths()):
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @cached_property
    def breadcrumb_ancestors(self):
        """Ancestors below the root, for the breadcrumb trail and its JSON-LD (one query, shared)."""
        return list(self.get_ancestors().filter(depth__gt=1))

    def localized_url(self, lang, request=None):
        with translation.override(lang):
            return self.get_url(request=request)

    def sitemap_languages(self):
        """The languages in which the page has its own text: only these go to the sitemap and hreflang
        (an English address that shows the Indonesian fallback is not offered as the English page)."""
        return [code for code, _name in settings.LANGUAGES if self.has_own_text(code)]

    def in_sitemap(self):
        """Whether the page is worth a place in the sitemap at all (thin pages say no)."""
        return True

    def get_sitemap_urls(self, request=None):
        """One entry per language, each naming the others as its hreflang alternates."""
        if not self.in_sitemap():
            return []
        return self.sitemap_entries(request, self.sitemap_languages())

    def sitemap_entries(self, request, languages, sub_path=lambda code: ""):
        """Entries for the page (or its sub-page: `sub_path(code)` is appended) in `languages`."""
        lastmod = self.last_published_at or self.latest_revision_created_at
        urls = {}
        for code in languages:
            with translation.override(code):
                # The host the sitemap was asked on, like the canonical and hreflang links.
                url = self.get_url(request=request)
                url = url and (request.build_absolute_uri(url) if request else self.get_full_url())
                if url:
                    urls[code] = url + sub_path(code)
        if not urls:
            return []
        alternates = [{"lang_code": code, "location": url} for code, url in urls.items()]
        default = urls.get(settings.LANGUAGE_CODE)
        if default:
            alternates.append({"lang_code": "x-default", "location": default})
        return [{"location": url, "lastmod": lastmod, "alternates": alternates} for url in urls.values()]


def with_card_images(pages, field="image"):
    """Load the images (and their renditions) of many pages in two queries, not two per page.

    Returns the pages as a list, each with its image attached.
    """
    from wagtail.images import get_image_model

    pages = list(pages)
    ids = {getattr(p, f"{field}_id", None) for p in pages} - {None}
    if ids:
        images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions().in_bulk()
        for page in pages:
            image_id = getattr(page, f"{field}_id", None)
            if image_id in images:
                setattr(page, field, images[image_id])
    return pages


def restricted_paths(request=None):
    """The tree paths of the pages with a view restriction (their whole sections are restricted), read
    once per request and kept in the cache until the next privacy change or move."""
    from django.core.cache import caches
    from wagtail.models import PageViewRestriction

    cache = caches["local"]  # keyed on the restrictions' generation: each process may keep its own copy
    paths = getattr(request, "_cms_restricted_paths", None)
    if paths is None:
        key = f"restricted-paths:{generation('restrictions')}"
        paths = cache.get(key)
        if paths is None:
            paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
            cache.set(key, paths, 3600)
        if request is not None:
            request._cms_restricted_paths = paths
    return paths


def listing_page(request, page, name, items, per_page):
    """Page ?page=N of `page`'s listing of `items()` (a queryset), with the card images: kept until one
    of the items is published (cms.pagecache.fragments.derived). Returns a paginator's page."""
    from django.core.paginator import Paginator

    from .pagecache.fragments import derived

    raw = request.GET.get("page", "")
    raw = raw if raw.isdigit() and len(raw) <= 3 else "1"  # what get_page makes of anything else

    def load():
        page_obj = Paginator(items(), per_page).get_page(raw)
        return with_card_images(page_obj.object_list), page_obj.number, page_obj.paginator.count

    object_list, number, count = derived(request, page, f"{name}:{raw}", load)
    page_obj = Paginator(range(count), per_page).get_page(number)
    page_obj.object_list = object_list
    return page_obj


def public_live(queryset, request=None):
    """`queryset.live().public()` with the view restrictions read once per request (and cached
    until the next publish or privacy change), instead of one query per listing."""
    from django.db.models import Q

    paths = restricted_paths(request)
    queryset = queryset.live()
    if paths:
        restricted = Q()
        for path in paths:
            restricted |= Q(path__startswith=path)
        queryset = queryset.exclude(restricted)
    return queryset
