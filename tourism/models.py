"""Museums, Kebun Raya and other attractions, and events."""

from django.conf import settings
from django.db import models
from django.db.models import prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.images import help_texts as image_help
from cms.models import BasePage, listing_page, public_live, with_card_images
from cms.pagecache.cache import PAGE_NUMBER
from cms.pagecache.fragments import derived

from . import hours, jsonld
from .calendar import event_ics


class TourismIndexPage(BasePage):
    """/id/wisata/ = /en/tourism/"""

    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences shown above the attractions, plain text."))

    translated_content_fields = ("intro",)
    subpage_types = ["tourism.AttractionPage", "tourism.EventIndexPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("tourism index page")

    def _listing(self, request):
        """Every attraction (with hours, exceptions, tickets and card image) and the events not over yet:
        kept until one of them is published (cms.pagecache.fragments.derived); filtered per request."""
        def load():
            attractions = with_card_images(public_live(AttractionPage.objects.child_of(self), request)
                                           .prefetch_related("hours", "exceptions", "tickets").order_by("title"))
            events_index = public_live(EventIndexPage.objects.child_of(self), request).first()
            events = list(events_index.upcoming(request)) if events_index else []
            return attractions, events_index, events

        return derived(request, self, "listing", load)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attractions, events_index, events = self._listing(request)
        kind = request.GET.get("kind", "")
        if kind in AttractionPage.Kind.values:
            attractions = [a for a in attractions if a.kind == kind]
        price = request.GET.get("price", "")
        if price in ("free", "paid"):
            attractions = [a for a in attractions if a.is_free == (price == "free")]
        now = timezone.now()
        # (attraction, its status now): the attractions are shared with later requests, never changed.
        cards = [(attraction, attraction.status_at(now)) for attraction in attractions]
        if request.GET.get("open") == "now":
            cards = [(attraction, status) for attraction, status in cards if status.is_open]
        context.update(attractions=cards, kinds=AttractionPage.Kind.choices,
                       selected={"kind": kind, "price": price, "open": request.GET.get("open", "")})
        if events_index:
            context["events_index"] = events_index
            context["next_events"] = [event for event in events if event.ends >= now][:3]
            context["next_events_key"] = ",".join(str(event.pk) for event in context["next_events"])
        return context


class AttractionPage(BasePage):
    class Kind(models.TextChoices):
        MUSEUM = "museum", _("Museum")
        GARDEN = "garden", _("Garden or park")
        HERITAGE = "heritage", _("Heritage")
        CULINARY = "culinary", _("Culinary")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER,
                            help_text=_("The group the attraction is listed under."))
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("One or two sentences shown in lists and search results, plain text."))
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=image_help.LEAD_IMAGE,
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True,
                       help_text=_("The full description: history, what to see, tips."))
    managing_unit = models.ForeignKey(
        "cms.OrganisationUnit", verbose_name=_("managing body"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The city unit (or outside body) that runs the place. Type to search by code, name or kind."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True,
                               help_text=_("Street and number, e.g. Jl. Ir. H. Juanda No. 9."))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   help_text=_("Decimal degrees, e.g. -6.597600 (south is negative)."))
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    help_text=_("Decimal degrees, e.g. 106.799600."))
    getting_there = RichTextField(_("how to get there"), blank=True, features=RICH_TEXT_FEATURES,
                                  help_text=_("From Stasiun Bogor, by Trans Pakuan bus or angkot."))
    wheelchair = models.CharField(_("wheelchair access"), max_length=10, default="unknown", choices=[
        ("yes", _("Step-free access")), ("partial", _("Partly step-free")), ("no", _("Not step-free")),
        ("unknown", _("Not known yet"))], help_text=_("Can a wheelchair user get in without steps?"))
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False,
                                            help_text=_("Tick if there is a toilet a wheelchair user can use."))
    parking = models.BooleanField(_("parking"), default=False,
                                  help_text=_("Tick if visitors can park on site."))
    prayer_room = models.BooleanField(_("prayer room (musala)"), default=False,
                                      help_text=_("Tick if there is a musala visitors can use."))
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True,
                                           help_text=_("Anything else a visitor with a disability should know, e.g. "
                                                       "ramps, steep paths."))
    phone = models.CharField(_("phone"), max_length=40, blank=True,
                             help_text=_("With the area code, e.g. 0251 8311362 or +62 251 8311362."))
    email = models.EmailField(_("e-mail"), blank=True,
                              help_text=_("An address visitors may write to, e.g. info@example.go.id."))
    website = models.URLField(_("website"), blank=True,
                              help_text=_("Full address, starting with https://."))
    hours_note = models.CharField(_("note on hours and prices"), max_length=255, blank=True,
                                  help_text=_("For editors only: where the hours and prices come from, or "
                                              "\"demo value, to be checked\"."))

    translated_content_fields = ("summary", "body")
    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldPanel("kind"), FieldPanel("summary"), FieldPanel("image"), FieldPanel("body"),
        InlinePanel("gallery", label=_("Gallery"), max_num=12),
        MultiFieldPanel([InlinePanel("hours", label=_("Weekly hours")), InlinePanel("exceptions", label=_("Exceptions")),
                         FieldPanel("hours_note")], heading=_("Opening hours")),
        InlinePanel("tickets", label=_("Ticket prices")),
        MultiFieldPanel([FieldPanel("address"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                         FieldPanel("getting_there")], heading=_("Where")),
        MultiFieldPanel([FieldPanel("wheelchair"), FieldRowPanel([FieldPanel("accessible_toilet"), FieldPanel("parking"),
                                                                  FieldPanel("prayer_room")]),
                         FieldPanel("accessibility_notes")], heading=_("Accessibility")),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email"), FieldPanel("website"), FieldPanel("managing_unit")],
                        heading=_("Contact")),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("attraction page")

    @property
    def is_free(self):
        prices = [t.price for t in self.tickets.all()]
        return not prices or all(p == 0 for p in prices)

    def status_at(self, moment):
        return hours.status(moment, list(self.hours.all()), list(self.exceptions.all()))

    def _own(self, request):
        """The page's hours, exceptions, tickets, gallery, managing unit, image and JSON-LD: read once per
        publish (cms.pagecache.fragments.derived), in this language and for this host (the JSON-LD has
        absolute addresses)."""
        def load():
            # One query per relation, however often the template and the JSON-LD read them.
            prefetch_related_objects([self], "hours", "exceptions", "tickets", "gallery__image")
            return {
                "hours": list(self.hours.all()), "exceptions": list(self.exceptions.all()),
                "tickets": list(self.tickets.all()), "gallery": list(self.gallery.all()),
                "managing_unit": self.managing_unit, "image": self.image, "jsonld": jsonld.attraction(self, request),
            }

        return derived(request, self, f"own:{translation.get_language()}:{request.get_host()}", load)

    def get_context(self, request, *args, **kwargs):
        own = self._own(request)
        # The template reads these through the page too: give it what was loaded, no second query.
        self.managing_unit, self.image = own["managing_unit"], own["image"]
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["status"] = hours.status(now, own["hours"], own["exceptions"])
        context["week"] = hours.week(own["hours"])
        context["upcoming_exceptions"] = [e for e in own["exceptions"] if e.end >= timezone.localdate()]
        context.update(tickets=own["tickets"], gallery=own["gallery"], jsonld=own["jsonld"])
        context["map_tiles"], context["map_attribution"] = settings.MAP_TILE_URL, settings.MAP_ATTRIBUTION
        return context


class AttractionImage(Orderable):
    page = ParentalKey(AttractionPage, related_name="gallery", on_delete=models.CASCADE)
    image = models.ForeignKey(settings.WAGTAILIMAGES_IMAGE_MODEL, verbose_name=_("image"), on_delete=models.CASCADE,
                              related_name="+", help_text=image_help.GALLERY_IMAGE)
    caption = models.CharField(_("caption"), max_length=200, blank=True, help_text=image_help.GALLERY_CAPTION)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class OpeningHours(Orderable):
    """Regular hours on one weekday, or on a range of days ("Tuesday to Sunday"); a day no row covers
    is a closed day. A range means exactly what one row per day would mean."""

    page = ParentalKey(AttractionPage, related_name="hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(
        _("day"), choices=hours.WEEKDAYS,
        help_text=_("The first (or only) day these hours apply to."))
    last_weekday = models.PositiveSmallIntegerField(
        _("to (optional)"), choices=hours.WEEKDAYS, null=True, blank=True,
        help_text=_("For a range of days, the last day: Tuesday to Sunday is one row. "
                    "A range may run past Sunday, e.g. Friday to Monday. Leave empty for one day."))
    opens = models.TimeField(_("opens"), help_text=_("24-hour clock, e.g. 08:00"))
    closes = models.TimeField(_("closes"), help_text=_("24-hour clock, e.g. 16:00. Earlier than the opening time "
                                                       "means after midnight."))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("last_weekday"), FieldPanel("opens"),
                             FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        ordering = ["weekday", "opens"]

    @property
    def days(self):
        return hours.days_of(self.weekday, self.last_weekday)

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.opens is not None and self.opens == self.closes:
            raise ValidationError({"closes": _("The closing time must differ from the opening time.")})


class OpeningException(Orderable):
    """Public holidays, special closures, Ramadan hours: from one date to another."""

    page = ParentalKey(AttractionPage, related_name="exceptions", on_delete=models.CASCADE)
    label = models.CharField(_("reason"), max_length=120,
                             help_text=_("Shown to visitors, e.g. Idul Fitri, Ramadan hours, renovation"))
    start = models.DateField(_("from"), help_text=_("First day, e.g. 2026-03-20"))
    end = models.DateField(_("until"), help_text=_("Last day (the same as the first for a single day)"))
    closed = models.BooleanField(_("closed all day"), default=True,
                                 help_text=_("Untick and give the hours if it opens at other times."))
    opens = models.TimeField(_("opens"), null=True, blank=True, help_text=_("24-hour clock, e.g. 08:00"))
    closes = models.TimeField(_("closes"), null=True, blank=True, help_text=_("24-hour clock, e.g. 14:00"))

    panels = [FieldPanel("label", required_on_save=True), FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
              FieldRowPanel([FieldPanel("closed"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        ordering = ["start"]

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The last day cannot come before the first day.")})
        if not self.closed and not (self.opens and self.closes):
            raise ValidationError({"opens": _("Give the opening and closing times, or tick \"closed all day\".")})


class TicketPrice(Orderable):
    class Visitor(models.TextChoices):
        ANY = "any", _("Everyone")
        DOMESTIC = "domestic", _("Indonesian citizens")
        FOREIGN = "foreign", _("Foreign visitors")

    class Age(models.TextChoices):
        ANY = "any", _("All ages")
        ADULT = "adult", _("Adult")
        CHILD = "child", _("Child")

    class Days(models.TextChoices):
        ANY = "any", _("Every day")
        WEEKDAY = "weekday", _("Weekdays")
        WEEKEND = "weekend", _("Weekends and holidays")

    page = ParentalKey(AttractionPage, related_name="tickets", on_delete=models.CASCADE)
    visitor = models.CharField(_("visitor"), max_length=10, choices=Visitor.choices, default=Visitor.ANY,
                               help_text=_("Who pays this price."))
    age = models.CharField(_("age"), max_length=10, choices=Age.choices, default=Age.ANY,
                           help_text=_("The age group this price is for."))
    days = models.CharField(_("days"), max_length=10, choices=Days.choices, default=Days.ANY,
                            help_text=_("The days this price applies."))
    price = models.PositiveIntegerField(_("price in IDR"),
                                        help_text=_("Price in rupiah, digits only: 10000 (not 10.000). 0 means free."))

    panels = [FieldRowPanel([FieldPanel("visitor"), FieldPanel("age"), FieldPanel("days"), FieldPanel("price")])]


# The listing's filters, for the page cache (the kinds are known once AttractionPage is).
TourismIndexPage.cache_query_params = {"kind": "|".join(AttractionPage.Kind.values), "price": "free|paid", "open": "now"}


class EventIndexPage(BasePage):
    """/id/wisata/acara/ = /en/tourism/events/: upcoming events, and past ones under ?period=past."""

    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("One or two sentences shown above the events, plain text."))

    translated_content_fields = ()
    parent_page_types = ["tourism.TourismIndexPage"]
    subpage_types = ["tourism.EventPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    show_in_search_results = False
    cache_query_params = {"period": "past", "page": PAGE_NUMBER}
    PAST_PER_PAGE = 12

    class Meta:
        verbose_name = _("events index page")

    def _events(self, request):
        return (public_live(EventPage.objects.child_of(self), request)
                .select_related("venue", "organiser")
                .annotate(ends=Coalesce("end", "start")))

    def upcoming(self, request):
        """Events that have not ended yet, soonest first (a running festival stays listed)."""
        return self._events(request).filter(ends__gte=timezone.now()).order_by("start")

    def past(self, request):
        return self._events(request).filter(ends__lt=timezone.now()).order_by("-start")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        past = request.GET.get("period") == "past"
        now = timezone.now()
        if past:
            # Events end as the hours pass, not only on a publish: the past ones are read anew every hour.
            events = listing_page(request, self, f"past:{now:%Y%m%d%H}", lambda: self.past(request),
                                  self.PAST_PER_PAGE)
            context["page_obj"] = events
        else:
            # Those not over when read; the ones that ended since drop out here.
            events = [event for event in derived(request, self, "upcoming",
                                                 lambda: with_card_images(self.upcoming(request)))
                      if event.ends >= now]
        context.update(events=list(events), past=past)
        return context


class EventPage(RoutablePageMixin, BasePage):
    """A festival, exhibition or ceremony; downloadable for a calendar as .ics."""

    start = models.DateTimeField(_("starts"),
                                 help_text=_("Date and time it starts, in Bogor time (WIB), e.g. 2026-06-03 19:00."))
    end = models.DateTimeField(_("ends"), null=True, blank=True,
                               help_text=_("Date and time it ends (WIB). Leave empty for a short event."))
    summary = models.TextField(_("summary"), blank=True,
                               help_text=_("One or two sentences shown in lists and search results, plain text."))
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL, verbose_name=_("image"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", help_text=image_help.LEAD_IMAGE,
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True,
                       help_text=_("The full description: programme, what to bring, contacts."))
    venue = models.ForeignKey(
        "tourism.AttractionPage", verbose_name=_("venue (an attraction)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="events",
        help_text=_("Choose an attraction, or give the place's name and address below."),
    )
    venue_name = models.CharField(_("place"), max_length=200, blank=True,
                                  help_text=_("The place's name if it is not an attraction page, e.g. Lapangan "
                                              "Sempur."))
    address = models.CharField(_("address"), max_length=255, blank=True,
                               help_text=_("Street and number, if not given by the venue, e.g. Jl. Sempur Kaler."))
    price = models.PositiveIntegerField(_("price in IDR"), default=0,
                                        help_text=_("Price in rupiah, digits only: 10000 (not 10.000). 0 means free."))
    price_note = models.CharField(_("note on the price"), max_length=200, blank=True,
                                  help_text=_("e.g. free, but register beforehand"))
    organiser = models.ForeignKey(
        "cms.OrganisationUnit", verbose_name=_("organiser (a city unit)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("A city unit that organises the event. Type to search by code, name or kind."),
    )
    organiser_name = models.CharField(_("organiser (other)"), max_length=200, blank=True,
                                      help_text=_("The organiser's name if it is not a city unit."))
    registration_url = models.URLField(_("registration or tickets link"), blank=True,
                                       help_text=_("Full address for registration or tickets, starting with https://."))
    facts_note = models.CharField(_("note on dates and prices"), max_length=255, blank=True,
                                  help_text=_("For editors only: where the facts come from, or "
                                              "\"demo value, to be checked\"."))

    translated_content_fields = ("summary",)
    parent_page_types = ["tourism.EventIndexPage"]
    shown_on_ancestors = 2  # the events page, and "What's on" on the tourism page above it
    subpage_types = []
    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldPanel("summary"), FieldPanel("image"), FieldPanel("body"),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("venue_name"), FieldPanel("address")], heading=_("Where")),
        MultiFieldPanel([FieldPanel("price"), FieldPanel("price_note"), FieldPanel("registration_url")],
                        heading=_("Price")),
        MultiFieldPanel([FieldPanel("organiser"), FieldPanel("organiser_name")], heading=_("Organiser")),
        FieldPanel("facts_note"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("event page")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})

    @property
    def place_name(self):
        return self.venue_name or (self.venue.title if self.venue_id and self.venue else "")

    @property
    def place_address(self):
        return self.address or (self.venue.address if self.venue_id and self.venue else "")

    @property
    def organiser_display(self):
        if self.organiser_id and self.organiser:
            return self.organiser.name
        return self.organiser_name

    @property
    def is_past(self):
        return (self.end or self.start) < timezone.now()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jsonld"] = jsonld.event(self, request)
        return context

    @path("ics/", name="ics")
    def ics(self, request):
        from django.http import HttpResponse

        response = HttpResponse(event_ics(self, request), content_type="text/calendar; charset=utf-8")
        filename = (self.slug or "event")[:80]
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
        return response
