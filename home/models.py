"""The site shell and general content: home, standard pages, news, public services."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.images import help_texts as image_help
from cms.models import BasePage, listing_page, public_live, with_card_images
from cms.pagecache.cache import PAGE_NUMBER
from cms.pagecache.fragments import derived

from . import jsonld


class HomePage(BasePage):
    hero_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=image_help.HERO_IMAGE,
    )
    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True,
                                    help_text=_("A short line over the photo, at most 120 characters, e.g. \"Welcome "
                                                "to the rain city\"."))
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences under the heading, plain text."))
    services_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("public services page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The page the \"Public services\" button leads to."),
    )
    report_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("report a problem page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The page with the form to report a problem."),
    )

    translated_content_fields = ("hero_heading", "intro")
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_heading"), FieldPanel("intro")], heading=_("Hero")),
        InlinePanel("featured_pages", label=_("Featured attractions"), max_num=6),
        PageChooserPanel("services_page"),
        PageChooserPanel("report_page"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept until one of these pages is published (cms.pagecache.fragments.derived).
        context.update(derived(request, self, "home", lambda: self._featured_and_news(request)))
        return context

    def _featured_and_news(self, request):
        featured = public_live(Page.objects.filter(homefeaturedpage__home=self), request).order_by(
            "homefeaturedpage__sort_order"
        ).specific()
        links = Page.objects.filter(pk__in=[self.services_page_id, self.report_page_id]).live().in_bulk()
        return {
            "featured": with_card_images(featured),
            "services_page": links.get(self.services_page_id),
            "report_page": links.get(self.report_page_id),
            # City news only (home → news → item); units' own news lives deeper, in their sections.
            "latest_news": with_card_images(
                public_live(NewsPage.objects.descendant_of(self).filter(depth=self.depth + 2), request)
                .order_by("-date", "-pk")[:3]),
        }


class HomeFeaturedPage(Orderable):
    home = ParentalKey(HomePage, related_name="featured_pages", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE,
                             help_text=_("An attraction page to feature on the home page."))

    panels = [PageChooserPanel("page", page_type="tourism.AttractionPage")]


class StandardPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences that sum up the page, plain text."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True,
                       help_text=_("The page's content: add paragraphs, headings, images and more."))

    translated_content_fields = ("body",)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


# Only Diskominfo (and superusers) say which unit a page belongs to: the unit's own editors and
# reviewers do not see these fields, and a value they post anyway is ignored (Wagtail drops fields
# the user lacks the permission for from the form).
OWNERSHIP_PERMISSION = "cms.change_pageownership"


class NewsIndexPage(BasePage):
    """City news under the home page; a kecamatan's or kelurahan's own news in its section."""

    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences shown above the list of news, plain text."))

    translated_content_fields = ()
    parent_page_types = ["home.HomePage", "home.UnitPage"]
    subpage_types = ["home.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    cache_query_params = {"page": PAGE_NUMBER}
    per_page = 10

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news"] = listing_page(
            request, self, "news",
            lambda: public_live(NewsPage.objects.child_of(self), request).order_by("-date", "-pk"), self.per_page)
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate,
                            help_text=_("The day the news is dated, e.g. 2026-11-30."))
    unit = models.ForeignKey(
        "cms.OrganisationUnit", verbose_name=_("publishing unit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The unit that publishes the news; yours is proposed. Type to search by code, name or kind."),
    )
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=image_help.LEAD_IMAGE,
    )
    intro = models.TextField(_("summary"), blank=True,
                             help_text=_("One or two sentences shown in lists and search results, plain text."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True,
                       help_text=_("The full story: paragraphs, headings, images, quotes."))
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"),
                                  help_text=_("A few keywords, separated by commas, e.g. flood, health."))

    translated_content_fields = ("intro", "body")
    parent_page_types = ["home.NewsIndexPage"]
    shown_on_ancestors = 2  # its news index, and the "latest news" of the home or unit page above it
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("unit"), FieldPanel("image"),
        FieldPanel("intro"), FieldPanel("body"), FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("news page")


class ServiceIndexPage(BasePage):
    """Public services (/id/layanan/ = /en/services/), grouped by topic or (?by=unit) by responsible unit."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES,
                          help_text=_("A short text shown above the list of services."))

    translated_content_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    cache_query_params = {"by": "unit"}

    class Meta:
        verbose_name = _("public services index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        services, children = derived(request, self, "services", lambda: (
            list(public_live(ServicePage.objects.child_of(self), request)
                 .select_related("responsible_unit").order_by("title")),
            # Other pages kept under the services section (guides, forms) are listed after the services.
            list(public_live(self.get_children().not_type(ServicePage), request).specific())))
        by_unit = request.GET.get("by") == "unit"
        groups = {}
        if by_unit:
            for service in sorted(services, key=lambda s: (s.responsible_unit.name if s.responsible_unit else "~")):
                label = service.responsible_unit.name if service.responsible_unit else _("Other")
                groups.setdefault(label, []).append(service)
        else:
            order = {value: i for i, value in enumerate(ServicePage.Topic.values)}
            for service in sorted(services, key=lambda s: order.get(s.topic, len(order))):
                groups.setdefault(service.get_topic_display(), []).append(service)
        context["groups"] = list(groups.items())
        context["by_unit"] = by_unit
        context["children"] = children
        return context


class ServicePage(BasePage):
    """One public service, with what the public-service standard (standar pelayanan) says must be published."""

    class Topic(models.TextChoices):
        POPULATION = "population", _("ID cards and civil registration")
        PERMITS = "permits", _("Permits and business")
        WORK = "work", _("Work and jobs")
        UTILITIES = "utilities", _("Water and utilities")
        HEALTH = "health", _("Health")
        SOCIAL = "social", _("Social assistance")
        EDUCATION = "education", _("Education")
        OTHER = "other", _("Other services")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, default=Topic.OTHER,
                             help_text=_("The group the service is listed under."))
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("One or two sentences: what the service is and who it is for."))
    requirements = RichTextField(_("requirements (persyaratan)"), blank=True, features=RICH_TEXT_FEATURES,
                                 help_text=_("What to bring, as a bulleted list, e.g. KTP (original and copy)."))
    procedure = RichTextField(_("procedure (prosedur)"), blank=True, features=RICH_TEXT_FEATURES,
                              help_text=_("A numbered list of steps."))
    duration = models.CharField(_("time to complete (jangka waktu)"), max_length=200, blank=True,
                                help_text=_("How long it takes, e.g. \"3 working days\" or \"same day\"."))
    fee = models.PositiveIntegerField(_("fee in IDR"), default=0,
                                      help_text=_("Fee in rupiah, digits only: 10000 (not 10.000). 0 means free."))
    fee_varies = models.BooleanField(
        _("the fee depends on the case"), default=False,
        help_text=_("Tick when there is a fee but no single amount (e.g. a levy by floor area), leave the fee at 0 "
                    "and say in the cost details how it is set."))
    cost_note = models.CharField(_("cost details (biaya/tarif)"), max_length=255, blank=True,
                                 help_text=_("e.g. the regional regulation that sets the tariff"))
    product = models.CharField(_("product (produk layanan)"), max_length=255, blank=True,
                               help_text=_("What the citizen receives, e.g. \"Kartu Keluarga\"."))
    location = models.CharField(_("where"), max_length=255, blank=True,
                                help_text=_("Where to apply: office name and address, or \"online\"."))
    service_hours = models.CharField(_("when"), max_length=255, blank=True,
                                     help_text=_("Opening days and hours of the desk, e.g. Mon–Fri 08:00–15:00."))
    online_url = models.URLField(_("apply online"), blank=True,
                                 help_text=_("Full address of the online application, starting with https://."))
    responsible_unit = models.ForeignKey(
        "cms.OrganisationUnit", verbose_name=_("responsible unit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The city unit that provides the service. Type to search by code, name or kind."),
    )
    legal_basis = RichTextField(_("legal basis (dasar hukum)"), blank=True, features=RICH_TEXT_FEATURES,
                                help_text=_("The regulations the service rests on, one per line, e.g. Perda Kota "
                                            "Bogor No. 3/2021."))
    body = StreamField(BodyBlock(), verbose_name=_("more information"), blank=True,
                       help_text=_("Anything else worth knowing: forms, contacts, frequently asked questions."))
    facts_note = models.CharField(_("note on the facts"), max_length=255, blank=True,
                                  help_text=_("For editors only: where the facts come from, or "
                                              "\"demo value, to be checked\"."))

    translated_content_fields = ("summary", "requirements", "procedure")
    parent_page_types = ["home.ServiceIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("topic"), FieldPanel("summary"),
        FieldPanel("requirements"), FieldPanel("procedure"),
        MultiFieldPanel([FieldPanel("duration"), FieldPanel("fee"), FieldPanel("fee_varies"), FieldPanel("cost_note"),
                         FieldPanel("product")],
                        heading=_("Time, cost and product")),
        MultiFieldPanel([FieldPanel("location"), FieldPanel("service_hours"), FieldPanel("online_url"),
                         FieldPanel("responsible_unit", permission=OWNERSHIP_PERMISSION)],
                        heading=_("Where and when")),
        FieldPanel("legal_basis"), FieldPanel("body"), FieldPanel("facts_note"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"), index.SearchField("requirements"), index.SearchField("procedure"),
    ]

    class Meta:
        verbose_name = _("public service page")

    def complaint_page(self, request):
        """The site's "report a problem" page, chosen on the home page (home does not import complaints)."""
        from wagtail.models import Site

        site = Site.find_for_request(request)
        root = HomePage.objects.filter(pk=site.root_page_id if site else None).values("report_page")
        return Page.objects.live().filter(pk__in=root).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["complaint_page"] = self.complaint_page(request)
        context["jsonld"] = jsonld.service(self, request)
        return context


class UnitIndexPage(BasePage):
    """A list of units' pages: agencies, districts, health centres."""

    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences shown above the list of units, plain text."))

    translated_content_fields = ()
    subpage_types = ["home.UnitPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("unit index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_live(UnitPage.objects.child_of(self), request).select_related("unit").order_by("title")
        return context


def unit_role(unit):
    """What a unit is, in one sentence of the page's language, from its kind and its parent unit."""
    from django.utils.translation import gettext

    parent = unit.parent.name if unit.parent_id else ""
    words = {"name": unit.name, "parent": parent}
    kind = unit.Kind
    if unit.kind == kind.KELURAHAN and parent:
        return gettext("%(name)s is a sub-district (kelurahan) of %(parent)s in Kota Bogor. Its office serves the "
                       "residents of the sub-district: local administration and the letters of introduction that "
                       "other city services ask for.") % words
    if unit.kind == kind.KECAMATAN:
        return gettext("%(name)s is one of the districts (kecamatan) of Kota Bogor. Its office serves residents and "
                       "coordinates the sub-district (kelurahan) offices of the district.") % words
    if unit.kind == kind.PUSKESMAS:
        if parent:
            return gettext("%(name)s is a community health centre (puskesmas) of the Bogor City Government in "
                           "%(parent)s: basic health care close to home.") % words
        return gettext("%(name)s is a community health centre (puskesmas) of the Bogor City Government: basic "
                       "health care close to home.") % words
    if unit.kind == kind.BUMD:
        return gettext("%(name)s is a company owned by the Bogor City Government.") % words
    if unit.kind == kind.EXTERNAL:
        return gettext("%(name)s is not part of the Bogor City Government.") % words
    return gettext("%(name)s is an agency of the Bogor City Government.") % words


class UnitPage(BasePage):
    """The part of the site an organisational unit edits: its profile, and pages below it."""

    unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+",
                             help_text=_("The unit this section belongs to. Type to search by code, name or kind."))
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences about the unit, plain text."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True,
                       help_text=_("The unit's profile: tasks, head of the unit, address, opening hours."))

    translated_content_fields = ()
    subpage_types = ["home.UnitPage", "home.StandardPage", "home.NewsIndexPage"]
    content_panels = Page.content_panels + [
        FieldPanel("unit", permission=OWNERSHIP_PERMISSION), FieldPanel("intro"), FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    latest_news_count = 3

    class Meta:
        verbose_name = _("unit page")

    @property
    def is_thin(self):
        """Only a title (or an e-mail address): nothing yet that a visitor or a search engine could use.
        Such a page stays out of the sitemap and the site search until its unit writes something."""
        if self.intro_ind or self.intro_en or len(self.body_ind or []) or len(self.body_en or []):
            return False  # the page's own text first: it needs no query for the unit
        unit = self.unit
        return not (unit.address or unit.phone or unit.website)

    @property
    def show_in_search_results(self):
        return not self.is_thin

    def in_sitemap(self):
        return not self.is_thin

    def unit_role(self):
        """What the unit does, in a sentence built from its kind and parent, for pages its editors
        have not described yet."""
        return unit_role(self.unit)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_live(self.get_children(), request).order_by("title")
        # The unit's own news (its news index's items), not its kelurahan's.
        news_index = public_live(NewsIndexPage.objects.child_of(self), request).first()
        if news_index is not None:
            context["news_index"] = news_index
            context["latest_news"] = with_card_images(
                public_live(NewsPage.objects.child_of(news_index), request).order_by("-date", "-pk")
                [:self.latest_news_count])
        return context
