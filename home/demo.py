"""Demo content of the site shell: home page, about Bogor, news, the services section."""

import datetime

from django.apps import apps
from wagtail.models import Page, Site

from cms.demo_utils import demo_image, ensure_page
from cms.demo_utils import paragraphs as _p
from cms.models import OrganisationUnit

from .demo_services import seed_services
from .models import HomeFeaturedPage, HomePage, NewsIndexPage, NewsPage, ServiceIndexPage, StandardPage, UnitPage


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


NEWS = [
    {
        "slug_ind": "car-free-day-jalan-sudirman", "slug_en": "car-free-day-jalan-sudirman", "days_ago": 2, "unit": "dishub",
        "title_ind": "Car Free Day kembali digelar di Jalan Sudirman setiap Minggu",
        "title_en": "Car Free Day returns to Jalan Sudirman every Sunday",
        "intro_ind": "Mulai pekan ini, Jalan Sudirman ditutup untuk kendaraan bermotor setiap Minggu pukul 06.00 sampai 09.00 WIB.",
        "intro_en": "From this week, Jalan Sudirman is closed to motor traffic every Sunday from 6 to 9 a.m.",
        "body_ind": "Dinas Perhubungan menyiapkan jalur pengalihan melalui Jalan Jenderal Ahmad Yani dan Jalan Pemuda. Angkot trayek 03 dan 07 dialihkan sementara selama kegiatan berlangsung.\n\nWarga diajak bersepeda, berjalan kaki, dan berolahraga bersama keluarga. Pedagang diminta berjualan di titik yang sudah ditentukan agar jalur tetap lega.",
        "body_en": "The Transport Agency has set up diversions via Jalan Jenderal Ahmad Yani and Jalan Pemuda. Minibus routes 03 and 07 are diverted while the event runs.\n\nResidents are invited to cycle, walk and exercise with their families. Vendors are asked to trade only at the marked spots so the road stays clear.",
    },
    {
        "slug_ind": "pengangkutan-sampah-libur-panjang", "slug_en": "rubbish-collection-over-the-long-weekend", "days_ago": 5, "unit": "dlh",
        "title_ind": "Jadwal pengangkutan sampah selama libur panjang",
        "title_en": "Rubbish collection over the long weekend",
        "intro_ind": "Truk sampah tetap beroperasi selama libur panjang dengan jadwal pagi hari di seluruh kecamatan.",
        "intro_en": "Rubbish trucks keep running over the long weekend, with morning rounds in every district.",
        "body_ind": "Dinas Lingkungan Hidup menambah 12 armada untuk mengantisipasi lonjakan sampah di kawasan wisata dan pusat kuliner.\n\nWarga diminta tidak membuang sampah ke sungai dan saluran air. Tumpukan sampah liar dapat dilaporkan melalui kanal pengaduan di portal ini.",
        "body_en": "The Environment Agency is adding 12 trucks to cope with the extra waste around tourist spots and food streets.\n\nPlease do not throw rubbish into rivers or drains. Illegal dumping can be reported through the complaints page on this portal.",
    },
    {
        "slug_ind": "perbaikan-jalan-pajajaran", "slug_en": "road-repairs-on-jalan-pajajaran", "days_ago": 9, "unit": "dpupr",
        "title_ind": "Perbaikan jalan berlubang di 15 ruas jalan kota",
        "title_en": "Potholes repaired on 15 city roads",
        "intro_ind": "Dinas PUPR menambal lubang di 15 ruas jalan kota, sebagian besar dari laporan warga.",
        "intro_en": "The Public Works Agency has patched potholes on 15 city roads, most of them reported by residents.",
        "body_ind": "Perbaikan dikerjakan malam hari agar tidak mengganggu lalu lintas. Ruas yang sudah selesai antara lain Jalan Pandu Raya, Jalan Semeru, dan Jalan Cilendek.\n\nJalan nasional dan jalan provinsi, seperti Jalan Sholeh Iskandar dan Jalan Raya Tajur, bukan kewenangan Pemerintah Kota. Laporan untuk ruas tersebut kami teruskan ke instansi yang berwenang.",
        "body_en": "The work is done at night to keep traffic moving. Finished stretches include Jalan Pandu Raya, Jalan Semeru and Jalan Cilendek.\n\nNational and provincial roads, such as Jalan Sholeh Iskandar and Jalan Raya Tajur, are not the city's responsibility. We pass reports about them on to the authority in charge.",
    },
    {
        "slug_ind": "festival-cap-go-meh", "slug_en": "cap-go-meh-street-festival", "days_ago": 14, "unit": "disparbud",
        "title_ind": "Bogor Street Festival Cap Go Meh siap menyambut wisatawan",
        "title_en": "Bogor Street Festival Cap Go Meh gets ready for visitors",
        "intro_ind": "Festival budaya tahunan di Jalan Suryakencana menampilkan barongsai, liong, dan kuliner khas Bogor.",
        "intro_en": "The yearly street festival on Jalan Suryakencana brings lion and dragon dances and Bogor's best street food.",
        "body_ind": "Festival ini menjadi simbol keberagaman warga Bogor. Pengunjung disarankan datang dengan kereta atau angkutan umum karena kawasan Suryakencana ditutup untuk kendaraan pribadi.\n\nPosko kesehatan dan informasi tersedia di depan Vihara Dhanagun.",
        "body_en": "The festival celebrates the diversity of Bogor's people. Come by train or public transport: the Suryakencana area is closed to private cars.\n\nA first-aid and information post stands in front of Dhanagun Temple.",
    },
    {
        "slug_ind": "layanan-adminduk-hari-sabtu", "slug_en": "civil-registry-open-on-saturdays", "days_ago": 21, "unit": "diskominfo",
        "title_ind": "Layanan administrasi kependudukan kini buka hari Sabtu",
        "title_en": "Civil registry services now open on Saturdays",
        "intro_ind": "Warga dapat mengurus KTP elektronik, kartu keluarga, dan akta kelahiran pada hari Sabtu di Mal Pelayanan Publik.",
        "intro_en": "Residents can now apply for ID cards, family cards and birth certificates on Saturdays at the Public Service Mall.",
        "body_ind": "Layanan Sabtu dibuka pukul 08.00 sampai 12.00 WIB. Bawa dokumen asli dan fotokopinya. Seluruh layanan administrasi kependudukan tidak dipungut biaya.",
        "body_en": "Saturday opening is from 8 a.m. to noon. Bring the original documents and a photocopy. All civil registry services are free of charge.",
    },
    {
        "slug_ind": "penanaman-pohon-ciliwung", "slug_en": "tree-planting-along-the-ciliwung", "days_ago": 30, "unit": "dlh",
        "title_ind": "Seribu pohon ditanam di bantaran Ciliwung",
        "title_en": "A thousand trees planted along the Ciliwung",
        "intro_ind": "Relawan, pelajar, dan warga kelurahan menanam seribu bibit pohon di sepanjang bantaran Sungai Ciliwung.",
        "intro_en": "Volunteers, students and neighbourhood residents planted a thousand saplings along the Ciliwung river.",
        "body_ind": "Penanaman ini bekerja sama dengan BBWS Ciliwung-Cisadane yang mengelola sungai. Bibit yang ditanam antara lain trembesi, mahoni, dan bambu untuk menahan erosi.",
        "body_en": "The planting was done with BBWS Ciliwung-Cisadane, the national body that manages the river. Species include rain trees, mahogany and bamboo to hold the banks against erosion.",
    },
]


def seed(ctx):
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    # Outside the "if": an older demo's hero gets its alt text and the shared collection too.
    hero = demo_image("Kota Bogor dari udara", seed=1, title_en="Bogor from the air")
    if home is None:
        # Wagtail's installation creates a plain "Welcome" page; the portal's home replaces it.
        for page in root.get_children().filter(content_type__model="page", content_type__app_label="wagtailcore"):
            page.delete()
        home = HomePage(
            title_ind="Portal Kota Bogor", title_en="Bogor City Portal", slug_ind="beranda", slug_en="home",
            hero_image=hero,
            hero_heading_ind="Selamat datang di Kota Bogor", hero_heading_en="Welcome to Bogor",
            intro_ind="Kota hujan yang sejuk di kaki Gunung Salak: kebun raya, museum, kuliner, dan layanan publik untuk warga.",
            intro_en="The cool 'rain city' at the foot of Mount Salak: a great botanic garden, museums, food, and public services for residents.",
            search_description_ind="Portal resmi Pemerintah Kota Bogor: wisata, berita, layanan publik, dan pengaduan warga.",
            search_description_en="Official portal of the Bogor City Government: tourism, news, public services and complaints.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        ctx["stdout"].write("Created the home page.")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Portal Kota Bogor")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Portal Kota Bogor"
        site.save()

    ensure_page(
        home, StandardPage, "tentang-bogor", slug_en="about-bogor", show_in_menus=True,
        title_ind="Tentang Bogor", title_en="About Bogor",
        intro_ind="Bogor adalah kota berpenduduk sekitar satu juta jiwa, 60 km di selatan Jakarta.",
        intro_en="Bogor is a city of about one million people, 60 km south of Jakarta.",
        body_ind=[
            _h("Kota hujan"),
            _p("Curah hujan di Bogor termasuk yang tertinggi di Jawa, sehingga kota ini dijuluki Kota Hujan. Udara sejuk dan pepohonan tua membuat Bogor menjadi tujuan akhir pekan warga Jabodetabek.\n\nKota Bogor terdiri atas 6 kecamatan dan 68 kelurahan."),
            _h("Sejarah singkat"),
            _p("Bogor pernah menjadi pusat Kerajaan Pajajaran, dengan Prasasti Batutulis sebagai salah satu peninggalannya. Pada masa Hindia Belanda kota ini bernama Buitenzorg dan menjadi tempat peristirahatan gubernur jenderal."),
        ],
        body_en=[
            _h("The rain city"),
            _p("Bogor has some of the highest rainfall in Java, which is why it is called the Rain City. Its cool air and old trees make it a weekend escape for people from greater Jakarta.\n\nThe city has 6 districts (kecamatan) and 68 sub-districts (kelurahan)."),
            _h("A short history"),
            _p("Bogor was once the seat of the Pajajaran kingdom; the Batutulis inscription is one of its relics. Under Dutch rule the town was called Buitenzorg and served as the governor-general's retreat."),
        ],
    )
    services = ensure_page(
        home, ServiceIndexPage, "layanan", slug_en="services", show_in_menus=True,
        title_ind="Layanan Publik", title_en="Public services",
        intro_ind="<p>Persyaratan, prosedur, waktu, dan biaya layanan publik Pemerintah Kota Bogor.</p>",
        intro_en="<p>What you need, the steps, how long it takes and what it costs for the Bogor City Government's public services.</p>",
    )
    news_index = ensure_page(
        home, NewsIndexPage, "berita", slug_en="news", show_in_menus=True,
        title_ind="Berita", title_en="News",
        intro_ind="Kabar terbaru dari perangkat daerah Kota Bogor.", intro_en="The latest from Bogor's city agencies.",
    )
    units = {u.code: u for u in OrganisationUnit.objects.all()}
    seed_services(services, units)
    today = datetime.date.today()
    for i, item in enumerate(NEWS):
        data = dict(item)
        days_ago = data.pop("days_ago")
        unit = units.get(data.pop("unit"))
        slug_ind = data.pop("slug_ind")
        body_ind, body_en = data.pop("body_ind"), data.pop("body_en")
        ensure_page(
            news_index, NewsPage, slug_ind, date=today - datetime.timedelta(days=days_ago), unit=unit,
            image=demo_image(data["title_ind"], seed=100 + i, sky=(150 + i * 12, 190, 220), title_en=data["title_en"]),
            body_ind=[_p(body_ind)], body_en=[_p(body_en)], **data,
        )


def _local_news():
    """A kelurahan's own news item, in the news index its section was given (sections come with the roster)."""
    section = UnitPage.objects.filter(unit__code="kel-sempur").first()
    news_index = NewsIndexPage.objects.child_of(section).first() if section else None
    if news_index is None:
        return
    ensure_page(
        news_index, NewsPage, "kerja-bakti-bantaran-ciliwung", slug_en="clean-up-along-the-ciliwung",
        date=datetime.date.today() - datetime.timedelta(days=3), unit=section.unit,
        title_ind="Kerja bakti membersihkan bantaran Ciliwung",
        title_en="Residents clean up the Ciliwung banks",
        intro_ind="Warga RW 03 dan RW 05 Sempur membersihkan sampah di bantaran Sungai Ciliwung.",
        intro_en="Residents of RW 03 and RW 05 in Sempur cleared rubbish along the Ciliwung.",
        body_ind=[_p("Kerja bakti diadakan setiap Minggu pertama. Sampah yang terkumpul diangkut oleh DLH.")],
        body_en=[_p("The clean-up takes place on the first Sunday of every month. The Environment Agency "
                    "collects what is gathered.")],
    )


def finish(ctx):
    """Link the home page to what other apps seeded: featured attractions, services, the report page."""
    home = HomePage.objects.first()
    if home is None:
        return
    _local_news()
    changed = False
    if home.services_page is None:
        home.services_page = ServiceIndexPage.objects.child_of(home).first()
        changed = True
    if home.report_page is None and apps.is_installed("complaints"):
        home.report_page = Page.objects.child_of(home).filter(slug_ind="pengaduan").first()
        changed = True
    if not home.featured_pages.exists() and apps.is_installed("tourism"):
        attraction_model = apps.get_model("tourism", "AttractionPage")
        for order, page in enumerate(attraction_model.objects.live().order_by("pk")[:3]):
            home.featured_pages.add(HomeFeaturedPage(page=page, sort_order=order))
        changed = True
    if changed:
        home.save_revision().publish()
