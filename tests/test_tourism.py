"""Attractions: open now (in WIB, across midnight, on holidays), prices, filters, JSON-LD, search."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import pytest

from tourism import hours
from tourism.models import AttractionPage, OpeningException, OpeningHours

# Still on the demo site (not yet built with tests/factories.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]
WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    return datetime.datetime(*args, tzinfo=WIB)


def H(weekday, opens, closes):
    return OpeningHours(weekday=weekday, opens=datetime.time(*opens), closes=datetime.time(*closes))


def test_open_now_and_closing_time_in_jakarta_time():
    week = [H(d, (8, 0), (16, 0)) for d in range(5)]  # Monday to Friday
    monday_noon = at(2026, 11, 23, 12, 0)
    s = hours.status(monday_noon, week, [])
    assert s.is_open and s.until == at(2026, 11, 23, 16, 0)
    # The same instant expressed in UTC is still noon in Bogor.
    assert hours.status(monday_noon.astimezone(datetime.timezone.utc), week, []).is_open
    friday_evening = at(2026, 11, 27, 17, 0)
    s = hours.status(friday_evening, week, [])
    assert not s.is_open and s.next_open == at(2026, 11, 30, 8, 0)
    from django.utils import translation

    with translation.override("en"):
        assert str(s.next_open_day) == "Mon"
    with translation.override("id"):
        assert str(s.next_open_day) == "Sen"


def test_hours_across_midnight():
    night_market = [H(d, (18, 0), (2, 0)) for d in range(7)]
    assert hours.status(at(2026, 11, 24, 1, 30), night_market, []).is_open  # Monday's opening, after midnight
    s = hours.status(at(2026, 11, 24, 2, 30), night_market, [])
    assert not s.is_open and s.next_open == at(2026, 11, 24, 18, 0)


def test_public_holiday_and_ramadan_exceptions():
    week = [H(d, (8, 0), (16, 0)) for d in range(7)]
    idul_fitri = OpeningException(label="Idul Fitri", start=datetime.date(2026, 3, 20), end=datetime.date(2026, 3, 22),
                                  closed=True)
    ramadan = OpeningException(label="Ramadan", start=datetime.date(2026, 2, 18), end=datetime.date(2026, 3, 19),
                               closed=False, opens=datetime.time(9, 0), closes=datetime.time(14, 0))
    s = hours.status(at(2026, 3, 21, 10, 0), week, [idul_fitri, ramadan])
    assert not s.is_open and s.next_open == at(2026, 3, 23, 8, 0)
    assert not hours.status(at(2026, 3, 2, 15, 0), week, [idul_fitri, ramadan]).is_open  # Ramadan: closes 14:00
    assert hours.status(at(2026, 3, 2, 13, 0), week, [idul_fitri, ramadan]).is_open


def test_attraction_page_shows_status_hours_prices_in_each_language(client):
    html = client.get("/en/tourism/bogor-botanic-gardens/").content.decode()
    assert re.search(r"(Open now</strong> · closes \d\d:\d\d|Closed</strong> · opens \w+ \d\d:\d\d)", html)
    assert "IDR 15,500" in html and "Foreign visitors" in html
    assert "Open in OpenStreetMap" in html and "Jl. Ir. H. Juanda No. 13" in html
    assert "15-minute walk" in html
    html_id = client.get("/id/wisata/kebun-raya-bogor/").content.decode()
    assert "Rp 15.500" in html_id and "Warga negara Indonesia" in html_id and "Jam buka" in html_id
    assert "Nilai demo" not in html_id  # the demo-value note is for editors only


def test_json_ld_of_an_attraction(client):
    html = client.get("/en/tourism/zoology-museum/").content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    museum = next(b for b in blocks if "Museum" in str(b.get("@type")))
    assert museum["name"] == "Bogor Zoology Museum"
    for key in ("geo", "address", "openingHoursSpecification", "offers"):
        assert key in museum, key
    assert museum["offers"][0]["priceCurrency"] == "IDR"
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]][-2:] == ["Tourism", "Bogor Zoology Museum"]


def test_filters_work_without_javascript(client):
    museums = client.get("/en/tourism/", {"kind": "museum"}).content.decode()
    assert "Bogor Zoology Museum" in museums and "Batutulis Inscription" not in museums
    free = client.get("/en/tourism/", {"price": "free"}).content.decode()
    assert "Batutulis Inscription" in free and "Bogor Botanic Gardens" not in free
    paid = client.get("/en/tourism/", {"price": "paid"}).content.decode()
    assert "Bogor Botanic Gardens" in paid and "Batutulis Inscription" not in paid
    page = AttractionPage.objects.get(slug_ind="prasasti-batutulis")
    page.hours.all().delete()
    page.save_revision().publish()
    open_now = client.get("/en/tourism/", {"open": "now"}).content.decode()
    assert "Batutulis Inscription" not in open_now


def test_search_finds_kebun_raya_in_both_languages(client):
    assert "Bogor Botanic Gardens" in client.get("/en/search/?q=botanic").content.decode()
    assert "Kebun Raya Bogor" in client.get("/id/cari/?q=kebun+raya").content.decode()


def test_json_ld_cannot_be_broken_out_of(client):
    page = AttractionPage.objects.get(slug_ind="museum-zoologi")
    page.summary_en = "</script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get("/en/tourism/zoology-museum/").content.decode()
    assert "<script>alert(1)</script>" not in html
