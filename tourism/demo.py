"""Demo content of tourism: the section and a few attractions."""

from wagtail.models import Page

from cms.demo_utils import demo_image, ensure_page, paragraphs
from cms.models import OrganisationUnit

import datetime

from .models import AttractionPage, OpeningHours, TicketPrice, TourismIndexPage

DEMO_NOTE = "Nilai demo, belum diperiksa / demo values, not yet checked"


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
            image=demo_image(data["title_ind"], seed=200 + i, ground=(40 + i * 15, 120, 60)),
            body_ind=[paragraphs(body_ind)], body_en=[paragraphs(body_en)],
            hours=hours, tickets=tickets, hours_note=DEMO_NOTE, **details, **data,
        )
