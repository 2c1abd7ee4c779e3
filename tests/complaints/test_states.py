"""One vocabulary of states: every list agrees on what is open, final and late."""

import datetime

import pytest
from django.utils import timezone

from complaints import sla
from complaints.models import Complaint, normalise_code

from .test_inbox import login, make  # noqa: F401  (login is a fixture)

pytestmark = pytest.mark.django_db
S = Complaint.Status


def test_the_groups_cover_every_state_once():
    every = set(S.values)
    assert Complaint.OPEN_STATES | Complaint.CLOSED_STATES == every
    assert not Complaint.OPEN_STATES & Complaint.CLOSED_STATES
    assert Complaint.CLOSED_STATES - Complaint.FINAL_STATES == {S.RESOLVED}
    assert Complaint.UNSCREENED_STATES <= Complaint.OPEN_STATES


def test_tracking_codes_are_read_the_same_everywhere():
    complaint = make()
    code = complaint.tracking_code
    typed = f" {code[:4].lower()}-{code[4:]} "
    assert normalise_code(typed) == code
    assert list(Complaint.objects.by_code(typed)) == [complaint]
    assert list(Complaint.objects.by_codes([typed, "nothing"])) == [complaint]


def test_public_and_screened():
    shown = make(status=S.VERIFIED)
    make(status=S.VERIFIED, confidential=True)
    make(status=S.REJECTED, rejected_reason="spam")
    unscreened = make(status=S.AWAITING_VERIFICATION, unit_code=None)
    assert set(Complaint.objects.public()) == {shown, unscreened}
    assert set(Complaint.objects.public().screened()) == {shown}


def test_a_resolved_report_waiting_to_close_is_late_nowhere(login):  # noqa: F811
    """The row flag, the Late filter, the dashboard and the home panel agree: late means still
    open with the city and past its deadline; a resolved report past its auto-close date is not."""
    past = timezone.now() - datetime.timedelta(days=3)
    open_late = make(status=S.IN_PROGRESS)
    resolved = make(status=S.RESOLVED, resolved_at=past - datetime.timedelta(days=14))
    Complaint.objects.filter(pk__in=[open_late.pk, resolved.pk]).update(due_at=past)
    open_late.refresh_from_db()
    resolved.refresh_from_db()

    assert list(Complaint.objects.late()) == [open_late]
    assert open_late.is_late() and not resolved.is_late()
    assert sla.is_late(open_late) and not sla.is_late(resolved)

    desk = login("desk")
    rows = {c.tracking_code: c.late for c in desk.get("/admin/complaints/inbox/").context["page_obj"].object_list}
    assert rows == {open_late.tracking_code: True, resolved.tracking_code: False}

    filtered = desk.get("/admin/complaints/inbox/", {"late": "true"}).context["page_obj"].object_list
    assert [c.tracking_code for c in filtered] == [open_late.tracking_code]
    not_late = desk.get("/admin/complaints/inbox/", {"late": "false"}).context["page_obj"].object_list
    assert [c.tracking_code for c in not_late] == [resolved.tracking_code]

    units = desk.get("/admin/complaints/inbox/dashboard/").context["units"]
    assert [(u["unit"].code, u["open"], u["late"]) for u in units] == [("dpupr", 1, 1)]

    home = login("pupr").get("/admin/").content.decode()
    assert open_late.tracking_code in home and resolved.tracking_code not in home
