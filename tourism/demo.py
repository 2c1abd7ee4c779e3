"""Demo content of tourism: the section and a few attractions."""

import datetime

from wagtail.models import Page

from cms.accounts.permissions import owner_of, set_owner
from cms.demo_utils import demo_image, ensure_page, paragraphs
from cms.models import OrganisationUnit

from .models import AttractionPage, EventIndexPage, EventPage, OpeningHours, TicketPrice, TourismIndexPage

DEMO_NOTE = "Nilai demo, belum diperiksa / demo values, not yet checked"
CHECKED = "Alamat dan pengelola diperiksa di sumber berita publik (2019-2025); jam dan harga: nilai demo, belum diperiksa"


def _daily(opens, closes, days=range(7)):
    return [OpeningHours(weekday=d, opens=datetime.time(*opens), closes=datetime.time(*closes)) for d in days]


DETAILS = {
    "kebun-raya-bogor": dict(
        address="Jl. Ir. H. Juanda No. 13, Paledang, Bogor Tengah", latitude="-6.597600", longitude="106.799600",
        getting_there_ind="<p>Dari Stasiun Bogor berjalan kaki sekitar 15 menit ke pintu utama di Jl. Ir. H. Juanda, atau naik angkot yang melintasi Jl. Juanda.</p>",
        getting_there_en="<p>From Bogor station it is a 15-minute walk to the main gate on Jl. Ir. H. Juanda, or take any angkot minibus running along Jl. Juanda.</p>",
        wheelchair="partial", accessible_toilet=True, parking=True, prayer_room=True,
        hours=lambda: _daily((8, 0), (16, 0)),
        tickets=lambda: [TicketPrice(visitor="domestic", age="adult", days="any", price=15500),
                         TicketPrice(visitor="foreign", age="adult", days="any", price=25500)]),
    "museum-zoologi": dict(
        address="Kebun Raya Bogor, Jl. Ir. H. Juanda No. 9", latitude="-6.601100", longitude="106.797000",
        wheelchair="partial", accessible_toilet=False, parking=True, prayer_room=True,
        hours=lambda: _daily((8, 0), (16, 0)),
        tickets=lambda: [TicketPrice(visitor="any", age="any", days="any", price=15500)]),
    "prasasti-batutulis": dict(
        address="Jl. Batutulis, Batu Tulis, Bogor Selatan", latitude="-6.621400", longitude="106.807900",
        getting_there_ind="<p>Angkot 02 dari Pasar Bogor ke arah Batutulis.</p>",
        getting_there_en="<p>Take angkot 02 from Pasar Bogor towards Batutulis.</p>",
        wheelchair="no", hours=lambda: _daily((8, 0), (16, 0), days=range(6)), tickets=lambda: []),
    "kuliner-suryakencana": dict(
        address="Jl. Suryakencana, Babakan Pasar, Bogor Tengah", latitude="-6.604900", longitude="106.800600",
        wheelchair="partial", parking=False, hours=lambda: _daily((7, 0), (22, 0)), tickets=lambda: []),
    "museum-tanah": dict(
        address="Jl. Ir. H. Juanda No. 98, Bogor Tengah", latitude="-6.600900", longitude="106.797600",
        getting_there_ind="<p>Di seberang pintu utama Kebun Raya, sekitar 15 menit berjalan kaki dari Stasiun Bogor.</p>",
        getting_there_en="<p>Opposite the main gate of the Botanic Gardens, about 15 minutes on foot from Bogor station.</p>",
        wheelchair="partial", accessible_toilet=True, parking=True, prayer_room=True,
        hours=lambda: _daily((8, 0), (15, 0), days=range(5)), tickets=lambda: [], hours_note=CHECKED),
    "museum-perjuangan-bogor": dict(
        address="Jl. Merdeka No. 56, Ciwaringin, Bogor Tengah", latitude="-6.594300", longitude="106.789600",
        getting_there_ind="<p>Sekitar 10 menit berjalan kaki dari Stasiun Bogor melalui Jl. Kapten Muslihat.</p>",
        getting_there_en="<p>About 10 minutes on foot from Bogor station along Jl. Kapten Muslihat.</p>",
        wheelchair="no", parking=True,
        hours=lambda: _daily((8, 0), (15, 0), days=range(6)),
        tickets=lambda: [TicketPrice(visitor="any", age="adult", days="any", price=5000),
                         TicketPrice(visitor="any", age="child", days="any", price=3000)]),
    "museum-peta": dict(
        address="Jl. Jenderal Sudirman No. 35, Bogor Tengah", latitude="-6.589600", longitude="106.796300",
        getting_there_ind="<p>Dari gerbang depan Istana Bogor, ikuti Jl. Jenderal Sudirman ke utara.</p>",
        getting_there_en="<p>From the front gate of the Presidential Palace, walk north along Jl. Jenderal Sudirman.</p>",
        wheelchair="partial", parking=True, prayer_room=True,
        hours=lambda: _daily((8, 0), (14, 0), days=range(5)),
        tickets=lambda: [TicketPrice(visitor="any", age="any", days="any", price=10000)], hours_note=CHECKED),
    "istana-kepresidenan-bogor": dict(
        address="Jl. Ir. H. Juanda No. 1, Paledang, Bogor Tengah", latitude="-6.598600", longitude="106.797100",
        getting_there_ind="<p>Sekitar 15 menit berjalan kaki dari Stasiun Bogor. Pendaftaran kunjungan di kantor Disparbud, Jl. Pandu Raya.</p>",
        getting_there_en="<p>About 15 minutes on foot from Bogor station. Visits are booked at the Culture and Tourism Agency, Jl. Pandu Raya.</p>",
        wheelchair="partial", accessible_toilet=False, parking=False,
        hours=lambda: [], tickets=lambda: [],
        hours_note="Dibuka untuk umum hanya saat Istana untuk Rakyat (sekitar Hari Jadi Bogor), gratis dengan pendaftaran: diperiksa di berita publik 2015-2019; tanggal tahun ini belum diperiksa"),
    "taman-sempur": dict(
        address="Jl. Jalak Harupat, Sempur, Bogor Tengah", latitude="-6.591900", longitude="106.800300",
        getting_there_ind="<p>Angkot yang melintasi Jl. Jalak Harupat, atau 20 menit berjalan kaki dari Stasiun Bogor.</p>",
        getting_there_en="<p>Any angkot along Jl. Jalak Harupat, or a 20-minute walk from Bogor station.</p>",
        wheelchair="yes", accessible_toilet=False, parking=True, prayer_room=False,
        hours=lambda: _daily((5, 0), (22, 0)), tickets=lambda: []),
}

ATTRACTIONS = [
    {
        "slug_ind": "kebun-raya-bogor", "slug_en": "bogor-botanic-gardens", "kind": "garden", "unit": "brin",
        "title_ind": "Kebun Raya Bogor", "title_en": "Bogor Botanic Gardens",
        "summary_ind": "Kebun raya seluas 87 hektare yang didirikan pada 1817, dengan lebih dari 12.000 koleksi tumbuhan.",
        "summary_en": "An 87-hectare botanic garden founded in 1817, home to more than 12,000 living plant specimens.",
        "body_ind": "Jelajahi taman anggrek, kolam teratai raksasa, dan pohon-pohon berusia ratusan tahun. Kebun Raya dikelola oleh BRIN, bukan oleh Pemerintah Kota Bogor.\n\nPintu masuk utama berada di Jalan Ir. H. Juanda, sekitar 15 menit berjalan kaki dari Stasiun Bogor.",
        "body_en": "Walk through the orchid house, the giant water-lily ponds and trees that are hundreds of years old. The gardens are run by BRIN, the national research agency, not by the city.\n\nThe main gate is on Jalan Ir. H. Juanda, about a 15-minute walk from Bogor railway station.",
    },
    {
        "slug_ind": "museum-zoologi", "slug_en": "zoology-museum", "kind": "museum", "unit": "brin",
        "title_ind": "Museum Zoologi Bogor", "title_en": "Bogor Zoology Museum",
        "summary_ind": "Museum di dalam kawasan Kebun Raya dengan kerangka paus biru dan koleksi satwa Nusantara.",
        "summary_en": "A museum inside the Botanic Gardens with a blue whale skeleton and animals from across the archipelago.",
        "body_ind": "Koleksi museum mencakup ribuan spesimen, termasuk badak jawa dan burung cenderawasih. Tiket masuk sudah termasuk dalam tiket Kebun Raya.",
        "body_en": "The collection holds thousands of specimens, including a Javan rhinoceros and birds of paradise. Entry is included in the Botanic Gardens ticket.",
    },
    {
        "slug_ind": "prasasti-batutulis", "slug_en": "batutulis-inscription", "kind": "heritage", "unit": "disparbud",
        "title_ind": "Prasasti Batutulis", "title_en": "Batutulis Inscription",
        "summary_ind": "Batu bertulis peninggalan Kerajaan Pajajaran dari abad ke-16 di Kecamatan Bogor Selatan.",
        "summary_en": "A 16th-century inscribed stone from the Pajajaran kingdom, in South Bogor.",
        "body_ind": "Prasasti ini memuat penghormatan kepada Sri Baduga Maharaja, raja Pajajaran. Situs kecil ini dapat dikunjungi tanpa biaya; hormati juru pelihara dan lepas alas kaki di dalam bangunan.",
        "body_en": "The inscription honours Sri Baduga Maharaja, king of Pajajaran. The small site is free to visit; please respect the caretaker and take off your shoes inside the shrine.",
    },
    {
        "slug_ind": "kuliner-suryakencana", "slug_en": "suryakencana-food-street", "kind": "culinary", "unit": "disparbud",
        "title_ind": "Kuliner Suryakencana", "title_en": "Suryakencana Food Street",
        "summary_ind": "Kawasan pecinan tua dengan soto kuning, laksa bogor, dan asinan yang melegenda.",
        "summary_en": "Bogor's old Chinatown, famous for yellow soto, Bogor laksa and pickled fruit.",
        "body_ind": "Datanglah pagi hari untuk sarapan soto atau sore hari untuk jajanan. Kawasan ini padat pada akhir pekan; gunakan angkutan umum.",
        "body_en": "Come in the morning for a bowl of soto or late afternoon for snacks. It gets crowded at weekends; take public transport.",
    },
    {
        "slug_ind": "museum-tanah", "slug_en": "soil-museum", "kind": "museum", "unit": "kementan",
        "title_ind": "Museum Tanah dan Pertanian", "title_en": "Soil and Agriculture Museum",
        "summary_ind": "Contoh tanah dan batuan dari seluruh Indonesia di gedung laboratorium tahun 1905, di seberang pintu utama Kebun Raya.",
        "summary_en": "Soil and rock samples from all over Indonesia in a 1905 laboratory building opposite the Botanic Gardens' main gate.",
        "body_ind": "Museum yang dikelola Kementerian Pertanian ini menampilkan jenis-jenis tanah, peta sumber daya lahan, dan diorama ekosistem tanah. Rombongan besar sebaiknya memberi tahu lebih dahulu agar disediakan pemandu.",
        "body_en": "Run by the Ministry of Agriculture, the museum shows Indonesia's soil types, land-resource maps and dioramas of soil ecosystems. Large groups should call ahead to book a guide.",
    },
    {
        "slug_ind": "museum-perjuangan-bogor", "slug_en": "bogor-struggle-museum", "kind": "museum", "unit": "disparbud",
        "title_ind": "Museum Perjuangan Bogor", "title_en": "Bogor Independence Struggle Museum",
        "summary_ind": "Senjata, foto, dan dokumen perjuangan kemerdekaan di Bogor, di gedung tua dekat Stasiun Bogor.",
        "summary_en": "Weapons, photographs and documents of Bogor's fight for independence, in an old building near the railway station.",
        "body_ind": "Koleksi museum menceritakan perjuangan warga Bogor pada masa revolusi kemerdekaan. Cocok untuk kunjungan sekolah.",
        "body_en": "The collection tells the story of Bogor's people during the independence revolution. A good visit for school groups.",
    },
    {
        "slug_ind": "museum-peta", "slug_en": "peta-museum", "kind": "museum", "unit": "disjarahad",
        "title_ind": "Museum PETA", "title_en": "PETA Museum",
        "summary_ind": "Monumen dan museum Pembela Tanah Air di bekas pusat pendidikan perwira PETA, diresmikan 18 Desember 1995.",
        "summary_en": "The monument and museum of the PETA volunteer army, in its former officer school, opened on 18 December 1995.",
        "body_ind": "Diorama menceritakan pembentukan PETA, pemberontakan PETA di Blitar, dan lahirnya tentara nasional. Museum dikelola oleh Dinas Sejarah Angkatan Darat.",
        "body_en": "Dioramas tell the story of the PETA army, the Blitar revolt and the birth of the national army. The museum is run by the Army History Service.",
    },
    {
        "slug_ind": "istana-kepresidenan-bogor", "slug_en": "bogor-presidential-palace", "kind": "heritage", "unit": "kemensetneg",
        "title_ind": "Istana Kepresidenan Bogor", "title_en": "Bogor Presidential Palace",
        "summary_ind": "Istana kepresidenan di tepi Kebun Raya, dibuka untuk umum setahun sekali saat Istana untuk Rakyat.",
        "summary_en": "The presidential palace beside the Botanic Gardens, open to the public once a year during the Palace for the People days.",
        "body_ind": "Di luar acara Istana untuk Rakyat, istana dan halamannya tidak dibuka untuk umum; rusa di halaman dapat dilihat dari pagar Jl. Ir. H. Juanda. Saat Istana untuk Rakyat, kunjungan gratis dengan pendaftaran lebih dahulu. Berpakaian sopan, tanpa sandal dan celana pendek; tas tidak boleh dibawa.",
        "body_en": "Outside the Palace for the People days, the palace and its grounds are closed to visitors; the deer on the lawn can be seen through the fence on Jl. Ir. H. Juanda. During the open days, visits are free but must be booked. Dress modestly, no sandals or shorts; bags are not allowed.",
    },
    {
        "slug_ind": "taman-sempur", "slug_en": "sempur-park", "kind": "garden", "unit": "disperumkim",
        "title_ind": "Taman Sempur", "title_en": "Sempur Park",
        "summary_ind": "Taman kota di bawah tembok Kebun Raya, tempat warga berolahraga, bermain, dan bersantai di tepi Ciliwung.",
        "summary_en": "A city park below the Botanic Gardens' wall where residents jog, play and relax near the Ciliwung river.",
        "body_ind": "Taman terbuka dengan lapangan, jalur lari, dan taman bermain anak. Ramai pada pagi akhir pekan.",
        "body_en": "An open park with a field, a jogging track and a children's playground. Busy on weekend mornings.",
    },
]


def seed(ctx):
    home = Page.objects.filter(depth=2, slug_ind="beranda").first()
    if home is None:
        return
    index = ensure_page(
        home, TourismIndexPage, "wisata", slug_en="tourism", show_in_menus=True,
        title_ind="Wisata", title_en="Tourism",
        intro_ind="Kebun raya, museum, situs sejarah, dan kuliner: rencanakan kunjungan Anda ke Bogor.",
        intro_en="Botanic gardens, museums, heritage and food: plan your visit to Bogor.",
    )
    units = {u.code: u for u in OrganisationUnit.objects.all()}
    if owner_of(index) is None and "disparbud" in units:
        # The tourism and culture office runs the section: its editors write it, its reviewers publish.
        set_owner(index, units["disparbud"])
    for i, item in enumerate(ATTRACTIONS):
        data = dict(item)
        slug_ind = data.pop("slug_ind")
        unit = units.get(data.pop("unit"))
        body_ind, body_en = data.pop("body_ind"), data.pop("body_en")
        details = dict(DETAILS.get(slug_ind, {}))
        hours = details.pop("hours", list)()
        tickets = details.pop("tickets", list)()
        ensure_page(
            index, AttractionPage, slug_ind, managing_unit=unit,
            image=demo_image(data["title_ind"], seed=200 + i, ground=(40 + i * 15, 120, 60), title_en=data["title_en"]),
            body_ind=[paragraphs(body_ind)], body_en=[paragraphs(body_en)],
            hours=hours, tickets=tickets, **{"hours_note": DEMO_NOTE, **details}, **data,
        )
    seed_events(index, units)


def seed_events(tourism, units):
    from django.utils import timezone

    index = ensure_page(
        tourism, EventIndexPage, "acara", slug_en="events", title_ind="Acara", title_en="Events",
        intro_ind="Festival, pameran, dan perayaan di Kota Bogor.",
        intro_en="Festivals, exhibitions and celebrations in Bogor.",
    )
    venues = {p.slug_ind: p for p in AttractionPage.objects.child_of(tourism)}
    # Dates are relative to the day the demo is loaded, so the demo always has upcoming and past events.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)

    def at(days, hour, minute=0):
        return today + datetime.timedelta(days=days, hours=hour, minutes=minute)

    events = [
        dict(slug_ind="pameran-anggrek", slug_en="orchid-show", title_ind="Pameran Anggrek Kebun Raya",
             title_en="Botanic Gardens Orchid Show", start=at(10, 8), end=at(12, 16), venue=venues.get("kebun-raya-bogor"),
             price=15500, price_note_ind="termasuk tiket masuk Kebun Raya", price_note_en="included in the garden ticket",
             organiser=units.get("brin"),
             summary_ind="Ratusan anggrek spesies dan hibrida dari koleksi Kebun Raya dan para penangkar.",
             summary_en="Hundreds of species and hybrid orchids from the gardens' collection and local growers."),
        dict(slug_ind="istana-untuk-rakyat", slug_en="palace-for-the-people", title_ind="Istana untuk Rakyat",
             title_en="Palace for the People open days", start=at(20, 8), end=at(24, 15),
             venue=venues.get("istana-kepresidenan-bogor"), price=0,
             price_note_ind="gratis, wajib mendaftar", price_note_en="free, booking required",
             organiser=units.get("disparbud"),
             summary_ind="Lima hari kunjungan ke halaman Istana Bogor dan museum-museum kota, gratis dengan pendaftaran.",
             summary_en="Five days of guided visits to the palace grounds and the city's museums, free with booking."),
        dict(slug_ind="festival-suryakencana", slug_en="suryakencana-street-festival", title_ind="Festival Jalan Suryakencana",
             title_en="Suryakencana Street Festival", start=at(45, 14), end=at(45, 23),
             venue=venues.get("kuliner-suryakencana"), price=0, organiser=units.get("disparbud"),
             summary_ind="Pawai budaya, barongsai, dan kuliner sepanjang Jalan Suryakencana.",
             summary_en="Cultural parades, lion dances and street food along Jalan Suryakencana."),
        dict(slug_ind="konser-taman-sempur", slug_en="sempur-park-concert", title_ind="Konser Musik Taman Sempur",
             title_en="Sempur Park Concert", start=at(-30, 19), end=at(-30, 22), venue=venues.get("taman-sempur"),
             price=0, organiser=units.get("disparbud"),
             summary_ind="Musik akustik dari grup-grup Bogor di panggung terbuka Taman Sempur.",
             summary_en="Acoustic music by Bogor bands on the open-air stage in Sempur Park."),
    ]
    for i, item in enumerate(events):
        slug_ind = item.pop("slug_ind")
        ensure_page(index, EventPage, slug_ind, facts_note=DEMO_NOTE,
                    image=demo_image(item["title_ind"], seed=300 + i, sky=(200, 170, 140), ground=(90, 110, 60),
                                     title_en=item["title_en"]),
                    **item)


def finish(ctx):
    """After the roster: a Disparbud editor's event waiting for Disparbud's reviewer."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    editor = get_user_model().objects.filter(username="indah.pratama").first()
    index = EventIndexPage.objects.first()
    if editor is None or index is None or index.get_children().filter(slug_ind="pameran-batik-bogor").exists():
        return
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=30)
    event = EventPage(
        slug_ind="pameran-batik-bogor", slug_en="bogor-batik-exhibition", owner=editor, live=False,
        title_ind="Pameran Batik Bogor", title_en="Bogor Batik Exhibition", start=start,
        end=start + datetime.timedelta(hours=8), venue_name_ind="Balai Kota Bogor", venue_name_en="Bogor City Hall",
        organiser=OrganisationUnit.objects.filter(code="disparbud").first(), facts_note=DEMO_NOTE,
        summary_ind="Batik motif kujang dan hujan dari perajin Bogor.",
        summary_en="Batik with rain and kujang patterns by Bogor's makers.",
    )
    index.add_child(instance=event)
    event.save_revision(user=editor)
    event.get_workflow().start(event, editor)
