"""The "similar reports nearby" lookup cannot locate a reporter nor reveal unscreened reports (issue 15, finding 1)."""

import json
from decimal import Decimal

import pytest

from complaints.models import Category, Complaint, Supporter

from .test_duplicates import make

pytestmark = pytest.mark.django_db
S = Complaint.Status
# An anonymous reporter's exact "use my location" point; its public (rounded) point is -6.597, 106.799.
LAT, LON = Decimal("-6.597130"), Decimal("106.799240")
# Moves that stay inside the same 0.001° square (up to ~40 m), and the square's corners, as an attacker
# would try to pin the point down.
OFFSETS = [(Decimal(0), Decimal(0)), (Decimal("0.00035"), Decimal(0)), (Decimal("-0.00036"), Decimal(0)),
           (Decimal(0), Decimal("0.00025")), (Decimal(0), Decimal("-0.00073")),
           (Decimal("0.00035"), Decimal("0.00025")), (Decimal("-0.00036"), Decimal("-0.00073"))]


def lookup(client, lat, lon, category="saluran-mampet"):
    pk = Category.objects.get(code=category).pk
    response = client.get(f"/en/complaints/similar/?category={pk}&latitude={lat}&longitude={lon}")
    assert response.status_code == 200
    return response


def test_lookups_cannot_place_an_anonymous_report_better_than_its_rounded_point(client, settings):
    settings.COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN = 1000
    report = make(lat=LAT, lon=LON, anonymous=True)
    answers = {json.dumps(lookup(client, LAT + dlat, LON + dlon).json(), sort_keys=True) for dlat, dlon in OFFSETS}
    # Every lookup in the report's square, its exact point included, gets the very same answer...
    assert len(answers) == 1
    item = json.loads(answers.pop())["results"][0]
    assert item["code"] == report.tracking_code
    assert item["distance_band"] == "0-100" and item["distance"] == "within about 100 m"
    assert not any(key.endswith("_m") for key in item)  # no metres at all
    # ...and moving the report inside its square changes no answer anywhere around it.
    for lat, lon in [(LAT - 2 * Decimal("0.001"), LON), (LAT, LON + Decimal("0.0019")), (LAT, LON)]:
        before = lookup(client, lat, lon).json()
        Complaint.objects.filter(pk=report.pk).update(latitude=LAT + Decimal("0.00033"), longitude=LON - Decimal("0.0007"))
        after = lookup(client, lat, lon).json()
        Complaint.objects.filter(pk=report.pk).update(latitude=LAT, longitude=LON)
        assert before == after and before["results"]


def test_lookup_one_square_away_says_a_band_not_metres(client):
    make(lat=LAT, lon=LON, anonymous=True)
    item = lookup(client, LAT + Decimal("0.0011"), LON).json()["results"][0]
    assert item["distance_band"] == "100-250" and item["distance"] == "about 100–250 m away"


@pytest.mark.parametrize("status", [S.RECEIVED, S.AWAITING_VERIFICATION])
def test_unscreened_reports_and_their_codes_never_appear(client, form_data, status):
    unscreened = make(lat=LAT, lon=LON, kelurahan="kel-tegallega", status=status, anonymous=True)
    unplaced = make(kelurahan="kel-tegallega", status=status)
    screened = make(lat=LAT, lon=LON, kelurahan="kel-tegallega", status=S.VERIFIED)
    hidden = (unscreened.tracking_code, unplaced.tracking_code)
    pk = Category.objects.get(code="saluran-mampet").pk
    kelurahan = unplaced.kelurahan_id
    answers = [
        # The script's lookups: by point, by kelurahan, by both.
        client.get(f"/en/complaints/similar/?category={pk}&latitude={LAT}&longitude={LON}"),
        client.get(f"/en/complaints/similar/?category={pk}&kelurahan={kelurahan}"),
        client.get(f"/id/pengaduan/serupa/?category={pk}&kelurahan={kelurahan}&latitude={LAT}&longitude={LON}"),
        # The server-rendered step without JavaScript, and the support step sent without an e-mail address.
        client.post("/en/complaints/", form_data(similar_checked=None, latitude=str(LAT), longitude=str(LON))),
        client.post("/en/complaints/", form_data(support=screened.tracking_code, email="", latitude=str(LAT),
                                                 longitude=str(LON))),
    ]
    for response in answers:
        body = response.content.decode()
        assert screened.tracking_code in body
        assert not any(code in body for code in hidden)
    assert Complaint.objects.count() == 3  # the form stopped at the similar step


def test_an_unscreened_report_cannot_be_supported_by_its_code(client, form_data):
    unscreened = make(status=S.AWAITING_VERIFICATION)
    response = client.post("/en/complaints/", form_data(support=unscreened.tracking_code, email="ani@contoh.id"))
    html = response.content.decode()
    assert response.status_code == 400 and "can no longer be followed" in html
    assert unscreened.tracking_code not in html and not Supporter.objects.exists()
    # Once the desk has screened it, it is offered and can be followed.
    Complaint.objects.filter(pk=unscreened.pk).update(status=S.VERIFIED)
    response = client.post("/en/complaints/", form_data(support=unscreened.tracking_code, email="ani@contoh.id"))
    assert response.status_code == 200 and Supporter.objects.filter(complaint=unscreened).exists()
