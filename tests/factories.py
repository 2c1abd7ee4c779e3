"""Test data built per test, so unit and integration tests do not lean on the demo (`seed_demo`).

Reference data that migrations load (organisation units, complaint categories and rules, groups)
is used as it is. Everything else is made here, through the project's own helpers where they exist:
groups and page permissions through cms.accounts.permissions, complaint groups through complaints.access,
complaint states through complaints.workflow, so permissions and timelines are the real ones.

    tree = site_tree()                       # home, news, services, tourism, events, complaint form
    desk = desk_officer()                    # "desk": complaint desk, like the demo's
    pupr = liaison("dpupr", username="pupr")
    complaint = complaint_in("dispatched", unit=unit("dpupr"))
"""

import io
import uuid

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image as PILImage
from wagtail.models import Page, Site

from cms.accounts import permissions
from cms.models import OrganisationUnit, UnitMembership
from complaints import access, workflow
from complaints.models import Category, Complaint, ComplaintFormPage, ComplaintPhoto, Supporter

# The demo accounts' password, so a test that logs in through the form reads the same either way.
PASSWORD = settings.DEMO_PASSWORD


def unit(code):
    """A unit that migrations load (reference data), by code."""
    return OrganisationUnit.objects.get(code=code)


def category(code):
    """A complaint category that migrations load, by code."""
    return Category.objects.get(code=code)


def jpeg_bytes(size=(64, 48), color="green"):
    buf = io.BytesIO()
    PILImage.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


# People ---------------------------------------------------------------------------------------

class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kotabogor.go.id")
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    last_name = ""
    password = factory.django.Password(PASSWORD)


class SuperuserFactory(UserFactory):
    username = "admin"
    is_staff = True
    is_superuser = True


def superuser(username="admin", **fields):
    return SuperuserFactory(username=username, **fields)


class OrganisationUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrganisationUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-test-{n}")
    kind = OrganisationUnit.Kind.OPD
    name = factory.LazyAttribute(lambda o: f"Dinas Uji {o.code}")


class UnitMembershipFactory(DjangoModelFactory):
    class Meta:
        model = UnitMembership
        django_get_or_create = ("user", "unit", "role")

    user = factory.SubFactory(UserFactory)
    unit = factory.LazyFunction(lambda: unit("diskominfo"))
    role = UnitMembership.Role.LIAISON


def _as_unit(value):
    return unit(value) if isinstance(value, str) else value


def member(unit_or_code, *roles, user=None, **user_fields):
    """A person in a unit with these roles ("editor", "reviewer", "head", "liaison", "translator"),
    in the groups the roster import would give them (cms.accounts.permissions makes the groups and the unit's
    section, so a site tree should exist for editors and reviewers)."""
    the_unit = _as_unit(unit_or_code)
    user = user or UserFactory(**user_fields)
    for role in roles or ("editor",):
        if role in ("editor", "reviewer", "head"):
            groups = permissions.ensure_unit_groups(the_unit)
            user.groups.add(groups.editors)
            if role in ("reviewer", "head"):
                user.groups.add(groups.reviewers)
                if the_unit.code == permissions.SITE_PUBLISHER_UNIT:
                    user.groups.add(Group.objects.get(name=permissions.DISKOMINFO_GROUP))
        elif role == "translator":
            permissions.site_groups()
            user.groups.add(Group.objects.get(name=permissions.TRANSLATORS_GROUP))
        elif role == "liaison":
            access.ensure_groups()
            user.groups.add(Group.objects.get(name=access.LIAISON_GROUP))
        if role != "translator":
            UnitMembershipFactory(user=user, unit=the_unit, role=role)
    return user


def liaison(unit_or_code, **user_fields):
    """A unit's complaint liaison (the demo's "pupr", "dishub", ... are these)."""
    return member(unit_or_code, "liaison", **user_fields)


def desk_officer(username="desk", **user_fields):
    """An officer of the complaint desk at Diskominfo, as the demo's "desk"."""
    access.ensure_groups()
    user = UserFactory(username=username, **user_fields)
    user.groups.add(Group.objects.get(name=access.DESK_GROUP))
    UnitMembershipFactory(user=user, unit=unit("diskominfo"), role=UnitMembership.Role.LIAISON)
    return user


def monitor(username="monitor", **user_fields):
    """A head of unit or the mayor's office: read-only complaint figures."""
    access.ensure_groups()
    user = UserFactory(username=username, **user_fields)
    user.groups.add(Group.objects.get(name=access.MONITOR_GROUP))
    return user


# Pages ----------------------------------------------------------------------------------------

class BilingualPageFactory(wagtail_factories.PageFactory):
    """Titles and slugs in both languages (modeltranslation's `*_ind` and `*_en` columns)."""

    class Meta:
        abstract = True

    title_ind = factory.Sequence(lambda n: f"Halaman {n}")
    title_en = factory.LazyAttribute(lambda o: o.title_ind)
    slug_ind = factory.LazyAttribute(lambda o: _slug(o.title_ind))
    slug_en = factory.LazyAttribute(lambda o: _slug(o.title_en))
    title = factory.LazyAttribute(lambda o: o.title_ind)
    slug = factory.LazyAttribute(lambda o: o.slug_ind)

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        # As an editor would: a revision, published (admin views and the page cache expect one).
        if create and extracted is not False:
            obj.save_revision().publish()


def _slug(text):
    from django.utils.text import slugify

    return slugify(text)


def _model_factory(model_path, **defaults):
    from django.utils.module_loading import import_string

    model = import_string(model_path)
    meta = type("Meta", (), {"model": model, "skip_postgeneration_save": True})
    return type(f"{model.__name__}Factory", (BilingualPageFactory,), {"Meta": meta, **defaults})


HomePageFactory = _model_factory("home.models.HomePage", title_ind="Portal Kota Bogor", title_en="Bogor City Portal",
                                 slug_ind="beranda", slug_en="home")
StandardPageFactory = _model_factory("home.models.StandardPage")
NewsIndexPageFactory = _model_factory("home.models.NewsIndexPage", title_ind="Berita", title_en="News",
                                      slug_ind="berita", slug_en="news")
NewsPageFactory = _model_factory("home.models.NewsPage", date=factory.LazyFunction(lambda: timezone.localdate()))
ServiceIndexPageFactory = _model_factory("home.models.ServiceIndexPage", title_ind="Layanan Publik",
                                         title_en="Public services", slug_ind="layanan", slug_en="services")
ServicePageFactory = _model_factory("home.models.ServicePage")
TourismIndexPageFactory = _model_factory("tourism.models.TourismIndexPage", title_ind="Wisata", title_en="Tourism",
                                         slug_ind="wisata", slug_en="tourism")
AttractionPageFactory = _model_factory("tourism.models.AttractionPage")
EventIndexPageFactory = _model_factory("tourism.models.EventIndexPage", title_ind="Acara", title_en="Events",
                                       slug_ind="acara", slug_en="events")
EventPageFactory = _model_factory(
    "tourism.models.EventPage", start=factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7)))
ComplaintFormPageFactory = _model_factory("complaints.models.ComplaintFormPage", title_ind="Pengaduan Warga",
                                          title_en="Report a problem", slug_ind="pengaduan", slug_en="complaints")


class SiteTree:
    """The skeleton of the portal, with the demo's slugs: /id/berita/, /id/pengaduan/, /en/tourism/events/..."""

    def __init__(self, home, news, services, tourism, events, complaints):
        self.home, self.news, self.services = home, news, services
        self.tourism, self.events, self.complaints = tourism, events, complaints


def site_tree(**home_fields):
    """Home page as the site root (replacing Wagtail's "Welcome"), with its usual sections.

    Idempotent within a test: a second call returns the same pages."""
    from home.models import HomePage, NewsIndexPage, ServiceIndexPage
    from tourism.models import EventIndexPage, TourismIndexPage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for page in root.get_children().filter(content_type__app_label="wagtailcore", content_type__model="page"):
            page.delete()
        home = HomePageFactory(parent=root, **home_fields)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name="Portal Kota Bogor")
        else:
            site.root_page, site.site_name = home, "Portal Kota Bogor"
            site.save()

    def child(model, factory_class, parent):
        return model.objects.child_of(parent).first() or factory_class(parent=parent)

    news = child(NewsIndexPage, NewsIndexPageFactory, home)
    services = child(ServiceIndexPage, ServiceIndexPageFactory, home)
    tourism = child(TourismIndexPage, TourismIndexPageFactory, home)
    events = child(EventIndexPage, EventIndexPageFactory, tourism)
    complaints = child(ComplaintFormPage, ComplaintFormPageFactory, home)
    if home.report_page_id is None or home.services_page_id is None:
        home.report_page, home.services_page = complaints, services
        home.save_revision().publish()
    return SiteTree(home, news, services, tourism, events, complaints)


# Complaints -----------------------------------------------------------------------------------

class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"kategori-uji-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").capitalize())


class ComplaintFactory(DjangoModelFactory):
    """A report as the citizen's form leaves it: received, with consent, not yet verified."""

    class Meta:
        model = Complaint

    category = factory.LazyFunction(lambda: category("saluran-mampet"))
    description = "Got di depan rumah mampet, air meluap ke jalan setiap hujan."
    kelurahan = factory.LazyFunction(lambda: unit("kel-tegallega"))
    address = "Jl. Pajajaran no. 5"
    name = "Siti Rahma"
    email = "siti@contoh.id"
    consent_at = factory.LazyFunction(timezone.now)
    submission_id = factory.LazyFunction(uuid.uuid4)


# The workflow steps that lead from "received" to each state.
PATHS = {
    Complaint.Status.RECEIVED: [],
    Complaint.Status.AWAITING_VERIFICATION: [],
    Complaint.Status.VERIFIED: ["verify"],
    Complaint.Status.DISPATCHED: ["verify", "dispatch"],
    Complaint.Status.IN_PROGRESS: ["verify", "dispatch", "start"],
    Complaint.Status.RESOLVED: ["verify", "dispatch", "start", "resolve"],
    Complaint.Status.CLOSED: ["verify", "dispatch", "start", "resolve", "close"],
    Complaint.Status.REOPENED: ["verify", "dispatch", "start", "resolve", "reopen"],
    Complaint.Status.REJECTED: ["reject"],
    Complaint.Status.NOT_AUTHORITY: ["not_authority"],
    Complaint.Status.FORWARDED: ["not_authority", "forward"],
}


def complaint_in(status, *, unit=None, desk=None, now=None, external_body=None, **fields):
    """A complaint moved to `status` through complaints.workflow, as officers would (events,
    deadlines and notifications included). `unit` is the city unit it is dispatched to (default
    Dinas PUPR); `desk` the officer acting (default a desk officer made here)."""
    steps = PATHS[status]
    if not steps:
        fields["status"] = status  # where intake leaves a report, no officer involved
    complaint = ComplaintFactory(**fields)
    if not steps:
        return complaint
    desk = desk or desk_officer()
    the_unit = _as_unit(unit) if unit is not None else OrganisationUnit.objects.get(code="dpupr")
    kwargs = {"now": now} if now else {}
    for step in steps:
        options = {}
        if step == "dispatch":
            options["unit"] = the_unit
        elif step in ("resolve", "reopen"):
            options["public_message"] = "Sudah ditangani." if step == "resolve" else "Masih rusak."
        elif step == "reject":
            options.update(reason="insufficient", public_message="Informasi kurang.")
        elif step == "not_authority":
            options["external_body"] = external_body or OrganisationUnit.objects.filter(
                kind=OrganisationUnit.Kind.EXTERNAL).first()
        elif step == "forward":
            options["lapor_reference"] = "LAPOR-123"
        workflow.apply(complaint, step, desk, **options, **kwargs)
    complaint.refresh_from_db()
    return complaint


class ComplaintPhotoFactory(DjangoModelFactory):
    class Meta:
        model = ComplaintPhoto

    complaint = factory.SubFactory(ComplaintFactory)
    file = factory.LazyFunction(lambda: SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg"))


class SupporterFactory(DjangoModelFactory):
    class Meta:
        model = Supporter

    complaint = factory.SubFactory(ComplaintFactory)
    email = factory.Sequence(lambda n: f"tetangga{n}@contoh.id")
    verified_at = factory.LazyFunction(timezone.now)


class ApiClientFactory(DjangoModelFactory):
    """An Open311 client; `key` is its raw API key (default: the demo key setting, as the demo's)."""

    class Meta:
        model = "complaints.ApiClient"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Aplikasi uji {n}")
    contact = "pengembang@contoh.id"
    is_active = True

    @factory.post_generation
    def key(obj, create, extracted, **kwargs):
        obj.set_key(extracted or settings.OPEN311_DEMO_KEY)
        if create:
            obj.save()


# Machine translation --------------------------------------------------------------------------

class GlossaryTermFactory(DjangoModelFactory):
    class Meta:
        model = "machine_translation.GlossaryTerm"
        django_get_or_create = ("term",)

    term = factory.Sequence(lambda n: f"istilah {n}")
    translation = factory.LazyAttribute(lambda o: f"term {o.term.split()[-1]}")


# The demo's officers, by the same usernames, units and groups, made on demand.
OFFICERS = {"desk": None, "pupr": "dpupr", "dishub": "dishub", "dlh": "dlh", "satpolpp": "satpolpp",
            "tirtapakuan": "tirta-pakuan"}


def officer(username):
    """A person the tests know by the demo's name: "admin" (superuser), "desk" or a liaison."""
    if username == "admin":
        return superuser()
    if username not in OFFICERS:
        raise KeyError(f"No officer called {username!r}; use member() for other people.")
    if OFFICERS[username] is None:
        return desk_officer(username)
    return liaison(OFFICERS[username], username=username)


def news_item(slug_ind, parent=None, **fields):
    """One of the demo's news items (home.demo.NEWS) on its own: same slugs, titles and texts, no
    picture; under the city news index unless `parent` says otherwise."""
    import datetime

    from cms.demo_utils import paragraphs
    from home.demo import NEWS

    data = dict(next(item for item in NEWS if item["slug_ind"] == slug_ind))
    days_ago = data.pop("days_ago")
    unit_code = data.pop("unit")
    body_ind, body_en = data.pop("body_ind"), data.pop("body_en")
    data.update(date=timezone.localdate() - datetime.timedelta(days=days_ago), unit=unit(unit_code),
                body_ind=[paragraphs(body_ind)], body_en=[paragraphs(body_en)], **fields)
    return NewsPageFactory(parent=parent or site_tree().news, **data)


def about_page(parent=None, **fields):
    """The demo's "Tentang Bogor" / "About Bogor" page on its own, English written by a person."""
    from cms.demo_utils import paragraphs

    values = dict(
        title_ind="Tentang Bogor", title_en="About Bogor", slug_ind="tentang-bogor", slug_en="about-bogor",
        intro_ind="Bogor adalah kota berpenduduk sekitar satu juta jiwa, 60 km di selatan Jakarta.",
        intro_en="Bogor is a city of about one million people, 60 km south of Jakarta.",
        body_ind=[{"type": "heading", "value": {"text": "Kota hujan", "level": "h2"}},
                  paragraphs("Curah hujan di Bogor termasuk yang tertinggi di Jawa.")],
        body_en=[{"type": "heading", "value": {"text": "The rain city", "level": "h2"}},
                 paragraphs("Bogor has some of the highest rainfall in Java.")])
    values.update(fields)
    return StandardPageFactory(parent=parent or site_tree().home, **values)


def roster_people(*usernames):
    """Only these people of the demo's sample roster (cms/data/roster-demo.csv, by the part of the
    e-mail before @), loaded through the roster import: same names, units, roles, groups, sections."""
    from cms.accounts.roster import import_roster, username_for
    from cms.demo import ROSTER

    header, *rows = ROSTER.read_text(encoding="utf-8").splitlines()
    wanted = [row for row in rows if username_for(row.split(",", 1)[0]) in usernames]
    assert len(wanted) == len(usernames), "not every name is in the sample roster"
    import_roster(io.StringIO("\n".join([header, *wanted]) + "\n"))
    return {user.username: user for user in get_user_model().objects.filter(username__in=usernames)}
