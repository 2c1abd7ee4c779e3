"""Routing rules, the authority check, the state machine and the deadlines."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from cms.models import OrganisationUnit
from complaints import deadlines, routing, sla, workflow
from complaints.models import Category, Complaint, ComplaintEvent, RoutingRule
from tests.factories import officer

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
S = Complaint.Status


@pytest.fixture(autouse=True)
def _english():
    """Officers' messages come in the admin language; these tests read them in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


def unit(code):
    return OrganisationUnit.objects.get(code=code)


def make(category="jalan-rusak", description="Jalan berlubang besar di depan sekolah.", address="Jl. Pandu Raya",
         kelurahan=None, **fields):
    complaint = Complaint(category=Category.objects.get(code=category), description=description, address=address,
                          kelurahan=OrganisationUnit.objects.get(code=kelurahan) if kelurahan else None,
                          email=fields.pop("email", "warga@contoh.id"), **fields)
    routing.assess(complaint)
    complaint.save()
    return complaint


@pytest.mark.parametrize("category, expected", [
    ("parkir-liar", "dishub"), ("angkot-ngetem", "dishub"), ("kemacetan", "dishub"), ("sampah", "dlh"),
    ("pkl", "satpolpp"), ("jalan-rusak", "dpupr"), ("saluran-mampet", "dpupr"), ("air-pdam", "tirta-pakuan"),
    ("lainnya", "diskominfo"),
])
def test_seeded_routes(category, expected):
    complaint = make(category=category, description="Ada masalah di sini sejak kemarin.")
    assert complaint.suggested_unit.code == expected
    assert complaint.routing_rule is not None and complaint.routing_rule.unit.code == expected


def test_most_specific_rule_wins():
    sampah = Category.objects.get(code="sampah")
    by_keyword = RoutingRule.objects.create(category=sampah, keywords="pasar", unit=unit("pasar-pakuan-jaya"))
    kecamatan = unit("kel-tegallega").parent
    by_kecamatan = RoutingRule.objects.create(category=sampah, kecamatan=kecamatan, unit=unit("satpolpp"))
    by_kelurahan = RoutingRule.objects.create(category=sampah, kelurahan=unit("kel-tegallega"), unit=unit("dinkes"))

    assert make(category="sampah", description="Sampah menumpuk di pasar.").routing_rule == by_keyword
    other_kel = OrganisationUnit.objects.filter(kind="kelurahan", parent=kecamatan).exclude(code="kel-tegallega").first()
    assert make(category="sampah", description="Sampah di pasar.", kelurahan=other_kel.code).routing_rule == by_kecamatan
    assert make(category="sampah", description="Sampah di pasar.", kelurahan="kel-tegallega").routing_rule == by_kelurahan
    plain = make(category="sampah", description="Sampah di gang.")
    assert plain.suggested_unit.code == "dlh" and plain.routing_rule.keywords == ""
    # Among equals, the lower priority number.
    by_keyword.priority = 200
    by_keyword.save()
    rival = RoutingRule.objects.create(category=sampah, keywords="pasar", unit=unit("dinsos"), priority=10)
    assert make(category="sampah", description="Sampah di pasar.").routing_rule == rival


@pytest.mark.parametrize("description, address, body", [
    ("Pohon tumbang di dalam Kebun Raya dekat pintu utama.", "", "brin"),
    ("Sampah berserakan di trotoar depan Istana Bogor.", "", "kemensetneg"),
    ("Jalan berlubang parah.", "Jl. Sholeh Iskandar dekat Yasmin", "bbpjn"),
    ("Aspal amblas di jalan.", "Jl. Raya Tajur km 3", "pemprov-jabar"),
    ("Antrean tiket KRL mengular di Stasiun Bogor.", "", "kai"),
    ("Tanah longsor di bantaran Ciliwung.", "Sempur", "bbws-cc"),
    ("Jalan rusak di Cibinong, Kabupaten Bogor.", "", "pemkab-bogor"),
])
def test_authority_check_names_the_responsible_body(description, address, body):
    complaint = make(description=description, address=address)
    assert complaint.authority_rule is not None
    assert complaint.authority_rule.responsible_body.code == body


def test_city_matters_are_not_flagged():
    assert make(description="Jalan berlubang di depan SDN Pengadilan.", address="Jl. Pengadilan").authority_rule is None


@pytest.fixture
def desk(django_user_model):
    return officer("desk")


@pytest.fixture
def pupr(django_user_model):
    return officer("pupr")


@pytest.fixture
def dishub(django_user_model):
    return officer("dishub")


def test_full_happy_path_with_events_and_notifications(desk, pupr, django_capture_on_commit_callbacks):
    complaint = make(status=S.AWAITING_VERIFICATION, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(complaint, "verify", desk)
        workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"))
    complaint.refresh_from_db()
    assert complaint.status == S.DISPATCHED and complaint.unit.code == "dpupr" and complaint.due_at
    assert any("pupr@kotabogor.go.id" in m.to for m in mail.outbox)  # the unit and its liaison
    assert any(m.to == ["warga@contoh.id"] and "Public Works" in m.body for m in mail.outbox)  # English, for the citizen
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(complaint, "respond", pupr, public_message="We will patch it on Thursday.")
        workflow.apply(complaint, "resolve", pupr, public_message="Patched.", internal_note="Crew 3")
    complaint.refresh_from_db()
    assert complaint.status == S.RESOLVED and complaint.first_response_at and complaint.resolved_at
    assert any("/en/complaints/survey/" in m.body for m in mail.outbox)
    events = list(complaint.events.values_list("action", "actor__username", "is_public"))
    assert ("verify", "desk", True) in events and ("resolve", "pupr", True) in events
    assert ComplaintEvent.objects.get(complaint=complaint, action="resolve").internal_note == "Crew 3"


ILLEGAL = [
    (S.RECEIVED, "resolve"), (S.RECEIVED, "dispatch"), (S.VERIFIED, "resolve"), (S.VERIFIED, "close"),
    (S.DISPATCHED, "verify"), (S.RESOLVED, "dispatch"), (S.CLOSED, "resolve"), (S.REJECTED, "verify"),
    (S.NOT_AUTHORITY, "dispatch"), (S.FORWARDED, "forward"), (S.IN_PROGRESS, "forward"),
]


@pytest.mark.parametrize("status, action", ILLEGAL)
def test_illegal_transitions_are_refused(desk, status, action):
    complaint = make(status=status, unit=unit("dpupr"))
    with pytest.raises(workflow.TransitionError, match="cannot be given this step"):
        workflow.apply(complaint, action, desk, public_message="x", unit=unit("dpupr"), reason="spam",
                       external_body=unit("brin"), lapor_reference="L-1")
    complaint.refresh_from_db()
    assert complaint.status == status


LEGAL = [
    (S.RECEIVED, "verify", {}, S.VERIFIED),
    (S.AWAITING_VERIFICATION, "verify", {}, S.VERIFIED),
    (S.VERIFIED, "dispatch", {"unit": "dpupr"}, S.DISPATCHED),
    (S.REOPENED, "dispatch", {"unit": "dpupr"}, S.DISPATCHED),
    (S.DISPATCHED, "start", {}, S.IN_PROGRESS),
    (S.DISPATCHED, "respond", {"public_message": "OK"}, S.IN_PROGRESS),
    (S.IN_PROGRESS, "resolve", {"public_message": "Done"}, S.RESOLVED),
    (S.RESOLVED, "close", {}, S.CLOSED),
    (S.VERIFIED, "reject", {"reason": "duplicate", "public_message": "Same as K7M3Q9TXAB"}, S.REJECTED),
    (S.RECEIVED, "not_authority", {"external_body": "brin"}, S.NOT_AUTHORITY),
    (S.NOT_AUTHORITY, "forward", {"lapor_reference": "LAPOR-2026-1"}, S.FORWARDED),
    (S.CLOSED, "reopen", {"public_message": "Still broken"}, S.REOPENED),
    (S.IN_PROGRESS, "reassign", {"unit": "dishub", "internal_note": "It is a traffic sign"}, S.DISPATCHED),
]


@pytest.mark.parametrize("status, action, kwargs, target", LEGAL)
def test_legal_transitions(desk, status, action, kwargs, target):
    complaint = make(status=status, unit=unit("dpupr"))
    for key in ("unit", "external_body"):
        if key in kwargs:
            kwargs[key] = unit(kwargs[key])
    event = workflow.apply(complaint, action, desk, **kwargs)
    complaint.refresh_from_db()
    assert complaint.status == target and event.status == target and event.actor == desk


def test_required_details_are_asked_for(desk):
    with pytest.raises(workflow.TransitionError, match="why the report is rejected"):
        workflow.apply(make(status=S.VERIFIED), "reject", desk, public_message="no")
    with pytest.raises(workflow.TransitionError, match="Name the body"):
        workflow.apply(make(), "not_authority", desk)
    with pytest.raises(workflow.TransitionError, match="message for the reporter"):
        workflow.apply(make(status=S.DISPATCHED, unit=unit("dpupr")), "resolve", desk)
    with pytest.raises(workflow.TransitionError, match="Say why"):
        workflow.apply(make(status=S.DISPATCHED, unit=unit("dpupr")), "reassign", desk, unit=unit("dishub"))
    with pytest.raises(workflow.TransitionError, match="city unit"):
        workflow.apply(make(status=S.VERIFIED), "dispatch", desk, unit=unit("brin"))


def test_units_act_only_on_their_own_reports(pupr, dishub):
    complaint = make(status=S.DISPATCHED, unit=unit("dpupr"))
    with pytest.raises(workflow.TransitionError, match="may not"):
        workflow.apply(complaint, "resolve", dishub, public_message="done")
    with pytest.raises(workflow.TransitionError, match="may not"):
        workflow.apply(make(status=S.RECEIVED), "verify", pupr)  # verification is the desk's
    workflow.apply(complaint, "resolve", pupr, public_message="done")


def test_not_authority_tells_the_citizen_who_is_responsible(desk, django_capture_on_commit_callbacks):
    complaint = make(description="Pohon tumbang di Kebun Raya", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        event = workflow.apply(complaint, "not_authority", desk, external_body=complaint.authority_rule.responsible_body)
    assert "National Research and Innovation Agency" in event.public_message or "BRIN" in event.public_message
    assert "brin.go.id" in event.public_message
    assert "not the responsibility of the Bogor City Government" in mail.outbox[-1].body


def test_reassignment_takes_access_away(desk, pupr, dishub):
    from complaints import access

    complaint = make(status=S.DISPATCHED, unit=unit("dpupr"))
    assert access.complaints_for(pupr).filter(pk=complaint.pk).exists()
    workflow.apply(complaint, "reassign", desk, unit=unit("dishub"), internal_note="Rambu lalu lintas")
    assert not access.complaints_for(_fresh(pupr)).filter(pk=complaint.pk).exists()
    assert access.complaints_for(_fresh(dishub)).filter(pk=complaint.pk).exists()


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


# Deadlines ---------------------------------------------------------------------------------

def at(*args):
    return datetime.datetime(*args, tzinfo=WIB)


def test_working_days_skip_the_weekend():
    friday = at(2026, 11, 20, 10, 0)
    assert deadlines.add_working_days(friday, 3) == at(2026, 11, 25, 10, 0)  # Mon, Tue, Wed
    saturday = at(2026, 11, 21, 9, 30)
    assert deadlines.add_working_days(saturday, 1) == at(2026, 11, 23, 9, 30)


def test_working_days_skip_idul_fitri_and_its_collective_leave():
    # 2026: cuti bersama 18 and 20 March, Nyepi 19 March, Idul Fitri 21-22 March, cuti bersama 23-24 March.
    tuesday = at(2026, 3, 17, 8, 0)
    assert deadlines.add_working_days(tuesday, 1) == at(2026, 3, 25, 8, 0)
    assert deadlines.add_working_days(tuesday, 5) == at(2026, 3, 31, 8, 0)


def test_extra_non_working_days_from_settings(settings):
    deadlines._holidays.cache_clear()
    settings.COMPLAINT_EXTRA_NON_WORKING_DAYS = ["2026-11-23"]
    try:
        assert deadlines.add_working_days(at(2026, 11, 20, 10, 0), 1) == at(2026, 11, 24, 10, 0)
    finally:
        deadlines._holidays.cache_clear()


def test_deadline_settings_are_used(settings, desk):
    settings.COMPLAINT_RESPONSE_WORKING_DAYS = 2
    complaint = make(status=S.VERIFIED)
    now = at(2026, 11, 20, 10, 0)
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"), now=now)
    complaint.refresh_from_db()
    assert complaint.due_at == at(2026, 11, 24, 10, 0)


def test_escalation_at_24_and_48_hours(desk, django_capture_on_commit_callbacks):
    complaint = make(status=S.VERIFIED)
    dispatched = at(2026, 11, 23, 9, 0)
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"), now=dispatched)
    hour = datetime.timedelta(hours=1)
    assert sla.escalate(dispatched + 23 * hour) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sla.escalate(dispatched + 24 * hour) == 1
    complaint.refresh_from_db()
    assert complaint.escalation_level == 1
    assert sla.escalate(dispatched + 47 * hour) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert sla.escalate(dispatched + 48 * hour) == 1
    complaint.refresh_from_db()
    assert complaint.escalation_level == 2
    assert any(m.to == ["setda@kotabogor.go.id"] for m in mail.outbox)
    assert sla.escalate(dispatched + 100 * hour) == 0  # once per level
    assert complaint.events.filter(action="escalate", is_public=False).count() == 2


def test_an_answered_dispatch_is_not_escalated(desk, pupr):
    complaint = make(status=S.VERIFIED)
    dispatched = at(2026, 11, 23, 9, 0)
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"), now=dispatched)
    workflow.apply(complaint, "respond", pupr, public_message="On it", now=dispatched + datetime.timedelta(hours=3))
    assert sla.escalate(dispatched + datetime.timedelta(hours=50)) == 0


def test_reminder_once_before_the_deadline_and_autoclose(desk, pupr):
    complaint = make(status=S.VERIFIED)
    start = at(2026, 11, 23, 9, 0)
    workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"), now=start)
    complaint.refresh_from_db()
    day_before = complaint.due_at - datetime.timedelta(hours=20)
    assert sla.remind(day_before) == 1 and sla.remind(day_before) == 0
    workflow.apply(complaint, "resolve", pupr, public_message="Done", now=start)
    complaint.refresh_from_db()
    assert sla.autoclose(complaint.due_at - datetime.timedelta(minutes=1)) == 0
    assert sla.autoclose(complaint.due_at) == 1
    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED


def test_dispatch_notice_is_retried_after_a_failed_send(desk, settings, django_capture_on_commit_callbacks):
    import socket
    from datetime import timedelta

    from aiosmtpd.controller import Controller
    from django.utils import timezone

    from complaints import notifications
    from complaints.models import OutboundEmail

    from .test_follow_up import Inbox

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    complaint = make(status=S.VERIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(complaint, "dispatch", desk, unit=unit("dpupr"))
    pending = OutboundEmail.objects.filter(complaint=complaint, to="pupr@kotabogor.go.id")
    assert pending.get().state == OutboundEmail.State.PENDING and pending.get().attempts == 1
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        OutboundEmail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        notifications.send_due()
    finally:
        controller.stop()
    assert pending.get().state == OutboundEmail.State.SENT
    assert any(m["To"] == "pupr@kotabogor.go.id" for m in inbox.messages)
