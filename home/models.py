"""The site shell and general content: home, standard pages, news, public services."""

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
from cms.models import BasePage, public_live, with_card_images


class HomePage(BasePage):
    hero_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("hero image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    hero_heading = models.CharField(_("hero heading"), max_length=120, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    services_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("public services page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    report_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("report a problem page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
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
        featured = public_live(Page.objects.filter(homefeaturedpage__home=self), request).order_by(
            "homefeaturedpage__sort_order"
        ).specific()
        context["featured"] = with_card_images(featured)
        links = Page.objects.filter(pk__in=[self.services_page_id, self.report_page_id]).live().in_bulk()
        context["services_page"] = links.get(self.services_page_id)
        context["report_page"] = links.get(self.report_page_id)
        context["latest_news"] = with_card_images(
            # City news only (home → news → item); units' own news lives deeper, in their sections.
            public_live(NewsPage.objects.descendant_of(self).filter(depth=self.depth + 2), request)
            .order_by("-date", "-pk")[:3]
        )
        return context


class HomeFeaturedPage(Orderable):
    home = ParentalKey(HomePage, related_name="featured_pages", on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE)

    panels = [PageChooserPanel("page", page_type="tourism.AttractionPage")]


class StandardPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    translated_content_fields = ("body",)
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    translated_content_fields = ()
    subpage_types = ["home.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    per_page = 10

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        news = public_live(NewsPage.objects.child_of(self), request).order_by("-date", "-pk")
        page_obj = Paginator(news, self.per_page).get_page(request.GET.get("page"))
        page_obj.object_list = with_card_images(page_obj.object_list)
        context["news"] = page_obj
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE)


class NewsPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    unit = models.ForeignKey(
        "cms.OrganisationUnit", verbose_name=_("publishing unit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    intro = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    translated_content_fields = ("intro", "body")
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("unit"), FieldPanel("image"),
        FieldPanel("intro"), FieldPanel("body"), FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("news page")


class ServiceIndexPage(BasePage):
    """Public services (/id/layanan/ = /en/services/); the service pages come with their own issue."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    translated_content_fields = ("intro",)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("public services index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_live(self.get_children(), request).specific()
        return context


class UnitIndexPage(BasePage):
    """A list of units' pages: agencies, districts, health centres."""

    intro = models.TextField(_("introduction"), blank=True)

    translated_content_fields = ()
    subpage_types = ["home.UnitPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("unit index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_live(UnitPage.objects.child_of(self), request).select_related("unit").order_by("title")
        return context


class UnitPage(BasePage):
    """The part of the site an organisational unit edits: its profile, and pages below it."""

    unit = models.ForeignKey("cms.OrganisationUnit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    translated_content_fields = ()
    subpage_types = ["home.UnitPage", "home.StandardPage", "home.NewsIndexPage"]
    content_panels = Page.content_panels + [FieldPanel("unit"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("unit page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public_live(self.get_children(), request).order_by("title")
        return context
