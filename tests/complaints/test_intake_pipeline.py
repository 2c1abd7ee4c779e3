"""The intake pipeline and the rate limits on their own, without a page around them: one Result per outcome."""

import pytest
from django.test import RequestFactory, override_settings

from cms.models import OrganisationUnit
from complaints import intake, ratelimit, routing
from complaints.desk_views import DeskComplaintForm
from complaints.forms import ComplaintForm
from complaints.models import (
    ApiClient,
    ApiRequestLog,
    Category,
    Complaint,
    ComplaintEvent,
    ComplaintLogEntry,
    PendingUpload,
    Supporter,
)
from complaints.open311 import queries
from complaints.open311.views import MediaUrlForm

from .conftest import jpeg

pytestmark = pytest.mark.django_db
Outcome = intake.Outcome
KEY = "k" * 64


@pytest.fixture(autouse=True)
def _english():
    """Messages come in the active language; these tests read them in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


def web(data, files=None, key=KEY):
    request = RequestFactory().post("/", {**data, **(files or {})})
    return intake.from_web(request.POST, request.FILES, key=key, language="id", page_path="/id/pengaduan/")


def report(**fields):
    values = {"category": Category.objects.get(code="saluran-mampet"), "description": "Got mampet di depan pasar.",
              "kelurahan": OrganisationUnit.objects.get(code="kel-tegallega"), "status": Complaint.Status.VERIFIED,
              **fields}
    return Complaint.objects.create(**values)


def test_web_created_then_already_sent(form_data, django_capture_on_commit_callbacks):
    data = form_data()
    with django_capture_on_commit_callbacks(execute=True):
        first = web(data)
    assert first.outcome is Outcome.CREATED and first.status == 201 and first.saved
    assert first.complaint.client_key == KEY and first.complaint.channel == Complaint.Channel.WEB
    again = web(data)
    assert again.outcome is Outcome.ALREADY_SENT and again.saved and again.complaint == first.complaint
    assert Complaint.objects.count() == 1


def test_web_honeypot_is_refused_before_anything_is_stored(form_data):
    result = web(form_data(website="http://spam.example"), {"photos": [jpeg()]})
    assert result.outcome is Outcome.INVALID and result.status == 400 and not result.saved
    assert result.errors[0][0] == "__all__" and result.form.non_field_errors()
    assert not PendingUpload.objects.exists() and not Complaint.objects.exists()


@override_settings(COMPLAINT_RATE_LIMIT_PER_HOUR=1)
def test_web_rate_limited_unless_it_is_a_resend(form_data):
    data = form_data()
    assert web(data).outcome is Outcome.CREATED
    limited = web(form_data(), {"photos": [jpeg()]})
    assert limited.outcome is Outcome.RATE_LIMITED and limited.status == 429
    assert "past hour" in limited.errors[0][1] and limited.form.non_field_errors()
    assert not PendingUpload.objects.exists()  # refused before any photo was opened
    assert web(data).outcome is Outcome.ALREADY_SENT  # the same submission is not counted again


def test_web_invalid_keeps_no_photo_and_asks_for_them_again(form_data):
    result = web(form_data(description="short"), {"photos": [jpeg()]})
    assert result.outcome is Outcome.INVALID and "description" in dict(result.errors)
    assert result.kept == () and not PendingUpload.objects.exists() and result.form.photos_sent


def test_web_similar_reports_come_first_with_the_photos_kept(form_data):
    nearby = report()
    result = web(form_data(similar_checked=None), {"photos": [jpeg()]})
    assert result.outcome is Outcome.SIMILAR and result.status == 200 and not result.saved
    assert [complaint for complaint, _metres in result.similar] == [nearby]
    assert len(result.kept) == 1 and result.form.is_valid()


def test_support_outcomes(form_data, settings):
    target = report()
    gone = web(form_data(support="NOSUCHCODE"))
    assert gone.outcome is Outcome.INVALID and gone.form.non_field_errors()
    missing = web(form_data(support=target.tracking_code, email=""))
    assert missing.outcome is Outcome.INVALID and "email" in dict(missing.errors)
    assert target in [complaint for complaint, _metres in missing.similar]
    following = web(form_data(support=target.tracking_code, email="ani@contoh.id"))
    assert following.outcome is Outcome.FOLLOWING and following.complaint == target and not following.saved
    assert Supporter.objects.get(complaint=target).client_key == KEY
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    for n in range(3):
        Supporter.objects.create(complaint=target, email=f"x{n}@contoh.id", client_key=KEY)
    limited = web(form_data(support=target.tracking_code, email="budi@contoh.id"))
    assert limited.outcome is Outcome.RATE_LIMITED and limited.status == 429


def test_desk_logs_the_entry_once(form_data, django_user_model):
    officer = django_user_model.objects.create(username="desk-officer")
    data = form_data(channel=Complaint.Channel.WHATSAPP, language="en", consent=None)
    created = intake.from_desk(DeskComplaintForm(data), user=officer)
    assert created.outcome is Outcome.CREATED and created.complaint.entered_by == officer
    assert created.complaint.language == "en" and created.complaint.client_key == ""
    again = intake.from_desk(DeskComplaintForm(data), user=officer)
    assert again.outcome is Outcome.ALREADY_SENT and again.complaint == created.complaint
    assert ComplaintLogEntry.objects.filter(action="complaints.enter").count() == 1
    invalid = intake.from_desk(DeskComplaintForm(dict(data, channel="")), user=officer)
    assert invalid.outcome is Outcome.INVALID and "channel" in dict(invalid.errors)


def open311(client, device_id="", **fields):
    data = {"category": Category.objects.get(code="saluran-mampet").pk, "description": "Got mampet di depan pasar.",
            "address": "Jl. Semeru", "latitude": "", "longitude": "", "anonymous": "on", "consent": "on", **fields}
    return intake.from_open311(ComplaintForm(data), MediaUrlForm({"media_url": "https://foto.example/1.jpg"}),
                               client=client, language="id", device_id=device_id)


def test_open311_outcomes(settings):
    client = ApiClient.objects.create(name="Aplikasi Warga")
    invalid = open311(client, description="")
    assert invalid.outcome is Outcome.INVALID and "description" in dict(invalid.errors)
    created = open311(client, device_id="kios-pasar-1")
    assert created.outcome is Outcome.CREATED and created.complaint.channel == Complaint.Channel.OPEN311
    note = ComplaintEvent.objects.get(complaint=created.complaint, action="note")
    assert "Aplikasi Warga" in note.internal_note and "foto.example" in note.internal_note and not note.is_public
    ApiRequestLog.objects.create(client=client, method="POST", path="/", status=201, complaint=created.complaint)
    # The same report again soon from the same device: a resend. From the same client, nobody to recognise: new.
    assert open311(client, device_id="kios-pasar-1").outcome is Outcome.ALREADY_SENT
    settings.OPEN311_RATE_LIMIT_PER_HOUR = 1
    limited = open311(client, description="Lampu jalan mati di Jl. Semeru.")
    assert limited.outcome is Outcome.RATE_LIMITED and "api_key" in limited.errors[0][1]
    settings.OPEN311_RATE_LIMIT_PER_HOUR, settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 0, 1
    report(email="budi@contoh.id")
    person = open311(client, description="Lampu jalan mati di Jl. Semeru.", email="Budi@contoh.id", anonymous="")
    assert person.outcome is Outcome.RATE_LIMITED and "person" in person.errors[0][1]


def test_rate_limits_turn_off_at_zero(settings):
    report(client_key=KEY, email="siti@contoh.id")
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1
    assert ratelimit.reports_exceeded(KEY, "") and ratelimit.reports_exceeded("", " SITI@contoh.id")
    assert not ratelimit.reports_exceeded("other", "ani@contoh.id")
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 0
    assert not ratelimit.reports_exceeded(KEY, "siti@contoh.id") and not ratelimit.supports_exceeded(KEY)


def test_lookup_limit_counts_per_sender(settings):
    settings.COMPLAINT_SIMILAR_LOOKUPS_PER_10_MIN = 2
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    assert [ratelimit.lookups_exceeded(request) for _n in range(3)] == [False, False, True]
    assert not ratelimit.lookups_exceeded(RequestFactory().get("/", REMOTE_ADDR="203.0.113.10"))


def test_default_rule_is_the_least_specific():
    category = Category.objects.get(code="saluran-mampet")
    rules = routing.rules_by_category([category])[category.pk]
    default = routing.default_rule(rules)
    assert default.specificity == min(rule.specificity for rule in rules)
    assert routing.default_rule([]) is None
    group = {row.category.code: row.group for row in queries.service_rows()}["saluran-mampet"]
    assert group == default.unit.name


def test_request_rows_are_named():
    complaint = report(latitude="-6.590000", longitude="106.780000")
    (row,) = queries.request_rows(queries.public_requests().filter(pk=complaint.pk))
    assert isinstance(row, queries.RequestRow)
    assert (row.code, row.status, row.service_code) == (complaint.tracking_code, "verified", "saluran-mampet")
    assert row.kelurahan and row.photo is None and float(row.lat) == -6.59
    assert row.kecamatan == (complaint.kelurahan.parent.short_name or complaint.kelurahan.parent.name)
    # Every field but the kecamatan (named from the kelurahan's parent) is read from a column.
    assert set(queries.COLUMNS) == set(queries.RequestRow._fields) - {"kecamatan"}
