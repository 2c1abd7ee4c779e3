"""Public figures: checked against numbers worked out by hand from reports made here."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cms.models import OrganisationUnit
from complaints import statistics
from complaints.models import Category, Complaint, SurveyResponse

pytestmark = pytest.mark.django_db
S = Complaint.Status
DAY = timedelta(days=1)


def report(category, kelurahan, channel, status, created, dispatched=None, responded=None, resolved=None, n=1):
    return Complaint.objects.create(
        category=Category.objects.get(code=category), description=f"Laporan rahasia nomor {n} tentang masalah.",
        kelurahan=OrganisationUnit.objects.get(code=kelurahan) if kelurahan else None, address="Jl. Rahasia 7",
        channel=channel, status=status, created_at=created, dispatched_at=dispatched, first_response_at=responded,
        resolved_at=resolved, name=f"Warga Rahasia {n}", email=f"rahasia{n}@contoh.id", phone="+6281299990000")


@pytest.fixture
def reports():
    now = timezone.now()
    a = report("jalan-rusak", "kel-tegallega", "web", S.RESOLVED, now - 20 * DAY, now - 19 * DAY, now - 18 * DAY,
               now - 15 * DAY, n=1)                                     # answered in 1 day: on time
    b = report("jalan-rusak", "kel-babakan", "whatsapp", S.IN_PROGRESS, now - 30 * DAY, now - 29 * DAY,
               now - 10 * DAY, n=2)                                     # answered after 19 days: late
    report("sampah", None, "instagram", S.DISPATCHED, now - 3 * timedelta(hours=1), now - timedelta(hours=2), n=3)
    report("sampah", "kel-tegallega", "web", S.DISPATCHED, now - 41 * DAY, now - 40 * DAY, n=4)  # never answered
    SurveyResponse.objects.create(complaint=a, rating=4)
    SurveyResponse.objects.create(complaint=a, rating=3, comment="Komentar rahasia")
    SurveyResponse.objects.create(complaint=b, rating=4)
    return now


def row(html, label, count):
    return re.search(rf'<th scope="row">{re.escape(str(label))}</th><td class="num">{count}</td>', html)


def test_figures_match_the_hand_count(reports):
    with translation.override("en"):
        figures = statistics.compute()
    assert figures["total"] == 4
    # On time: a (1 of the 3 reports past or done with their response deadline); c is still within it.
    assert (figures["on_time"], figures["answered"], figures["on_time_share"]) == (1, 3, 33)
    # First response 2 and 20 days after receipt -> median 11; one resolution, 5 days after receipt.
    assert figures["median_response_days"] == 11.0
    assert figures["median_resolution_days"] == 5.0
    charts = {chart["id"]: {r["label"]: r["count"] for r in chart["rows"]} for chart in figures["charts"]}
    with translation.override("en"):
        road, rubbish = Category.objects.get(code="jalan-rusak").name, Category.objects.get(code="sampah").name
    assert charts["by-category"] == {road: 2, rubbish: 2}
    tegallega = OrganisationUnit.objects.get(code="kel-tegallega").parent
    babakan = OrganisationUnit.objects.get(code="kel-babakan").parent
    expected = {"Place not given": 1}
    for unit in (tegallega, tegallega, babakan):
        key = unit.short_name or unit.name
        expected[key] = expected.get(key, 0) + 1
    assert charts["by-kecamatan"] == expected
    assert charts["by-status"] == {"Resolved": 1, "In progress": 1, "Sent to the responsible unit": 2}
    assert charts["by-channel"] == {"Website": 2, "WhatsApp": 1, "Instagram": 1}
    assert list(charts["satisfaction"].values()) == [2, 1, 0, 0]  # Sangat Puas, Puas, Cukup Puas, Tidak Puas
    months = charts["by-month"]
    assert len(months) == 12 and sum(months.values()) == 4
    for created in (reports - 20 * DAY, reports - 30 * DAY, reports - 41 * DAY):
        assert months[timezone.localtime(created).date().replace(day=1)] >= 1


def test_merged_duplicates_and_spam_are_not_counted(reports, client):
    merged = report("jalan-rusak", "kel-tegallega", "web", S.MERGED, reports - 2 * DAY, n=5)
    spam = report("sampah", "kel-tegallega", "web", S.REJECTED, reports - 2 * DAY, n=6)
    Complaint.objects.filter(pk=spam.pk).update(rejected_reason="spam")
    vague = report("sampah", "kel-tegallega", "web", S.REJECTED, reports - 2 * DAY, n=7)
    Complaint.objects.filter(pk=vague.pk).update(rejected_reason="insufficient")
    with translation.override("en"):
        figures = statistics.compute()
    assert figures["total"] == 5  # the four reports and the one rejected for lack of information
    charts = {chart["id"]: {r["label"]: r["count"] for r in chart["rows"]} for chart in figures["charts"]}
    assert "Merged with another report" not in charts["by-status"] and charts["by-status"]["Rejected"] == 1
    assert merged.pk and "spam are not counted" in client.get("/en/complaints/statistics/").content.decode()


def test_query_count_does_not_grow_with_the_reports(reports, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        statistics.compute()
    for n in range(20):
        report("pkl", "kel-babakan", "phone", S.RESOLVED, reports - n * DAY, reports - n * DAY,
               reports - n * DAY + timedelta(hours=3), reports - n * DAY + timedelta(hours=5), n=10 + n)
    with django_assert_max_num_queries(9):
        figures = statistics.compute()
    assert figures["total"] == 24


@pytest.mark.parametrize("url, heading, on_time", [
    ("/en/complaints/statistics/", "Reports by kind of problem", "Answered within the deadline"),
    ("/id/pengaduan/statistik/", "Laporan menurut jenis masalah", "Dijawab dalam batas waktu"),
])
def test_public_page_in_both_languages_without_personal_data(client, reports, url, heading, on_time):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html and on_time in html
    assert re.search(r'id="stat-on-time">33%', html)
    assert row(html, "Instagram", 1) and row(html, "WhatsApp", 1)
    for secret in ("Rahasia", "rahasia", "contoh.id", "+62812", "Komentar"):
        assert secret not in html
    # Every bar is decoration beside a number in a table.
    assert html.count('class="bar"') == html.count('<svg class="bar" aria-hidden="true"') > 0
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_the_page_is_cached_for_anonymous_visitors(client, reports):
    first = client.get("/en/complaints/statistics/")
    assert first["X-Page-Cache"] == "MISS"
    report("pkl", "kel-babakan", "radio", S.RECEIVED, reports, n=99)
    second = client.get("/en/complaints/statistics/")
    assert second["X-Page-Cache"] == "HIT" and second.content == first.content


def test_the_form_page_links_to_the_figures(client):
    assert "/en/complaints/statistics/" in client.get("/en/complaints/").content.decode()
