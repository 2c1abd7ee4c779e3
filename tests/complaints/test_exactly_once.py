"""Side effects happen once, however many senders and timers run at once (issue 13, item 4).

The concurrent tests run on PostgreSQL (set DATABASE_URL), where several servers share one database;
each sender or timer is a thread with a database connection of its own, and deliveries are counted
by a real SMTP server, so a message sent twice is seen twice.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cms.models import OrganisationUnit
from complaints import notifications, sla
from complaints.models import Complaint, ComplaintEvent, OutboundEmail
from tests.factories import complaint_in
from tests.recorder import outage_in_background, own_pid, smtp_recorder

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="concurrent senders need PostgreSQL (set DATABASE_URL)")

S = Complaint.Status


def in_threads(function, count):
    """Run `function` in `count` threads released at the same moment; returns (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(function())
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


def pending(count, prefix="msg"):
    now = timezone.now() - timedelta(seconds=1)
    OutboundEmail.objects.bulk_create(
        OutboundEmail(to=f"warga{i}@contoh.id", subject=f"{prefix}-{i}", body="Isi pesan.", next_attempt_at=now)
        for i in range(count))


@postgresql_only
def test_four_senders_deliver_a_hundred_emails_each_exactly_once(settings):
    pending(100)
    with smtp_recorder(settings) as inbox:
        results, errors = in_threads(notifications.send_due, 4)
        assert not errors
        assert sum(results) == 100  # every sender says what it sent: together, each message once
        assert notifications.send_due() == 0  # and nothing is left to send a second time
    assert inbox.total == 100
    assert set(inbox.subjects.values()) == {1}, inbox.subjects.most_common(3)
    assert OutboundEmail.objects.filter(state=OutboundEmail.State.SENT).count() == 100


def test_a_message_held_by_a_sender_that_died_is_sent_once_after_its_lease(settings):
    pending(2)
    dead, alive = OutboundEmail.objects.order_by("pk")
    now = timezone.now()
    # A sender claimed the first and died before the mail server answered: its lease has run out.
    OutboundEmail.objects.filter(pk=dead.pk).update(state=OutboundEmail.State.SENDING, claimed_by="dead",
                                                    claimed_until=now - timedelta(seconds=1))
    # Another sender is busy with the second, well within its lease: that one is not touched.
    OutboundEmail.objects.filter(pk=alive.pk).update(state=OutboundEmail.State.SENDING, claimed_by="busy",
                                                     claimed_until=now + timedelta(minutes=5))
    with smtp_recorder(settings) as inbox:
        assert notifications.send_due() == 1
        assert notifications.send_due() == 0
    assert dict(inbox.subjects) == {dead.subject: 1}
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.state == OutboundEmail.State.SENT and dead.attempts == 1  # the dead sender's try counts
    assert alive.state == OutboundEmail.State.SENDING and alive.claimed_by == "busy"


def test_a_task_and_the_timer_for_the_same_message_send_it_once(settings):
    pending(1)
    email = OutboundEmail.objects.get()
    with smtp_recorder(settings) as inbox:
        assert notifications.send_one(email.pk) is True
        assert notifications.send_one(email.pk) is False  # the task again (retried, or queued twice)
        assert notifications.send_due() == 0
    assert inbox.total == 1


@postgresql_only
def test_database_outage_between_send_and_record_sends_nothing_twice(settings):
    """The failure seen in production: after a 10 s outage, 55 of 59 confirmations went out twice."""
    pending(5)
    keep = own_pid()
    outages = []

    def cut_database_once(subject):
        # The mail server has the first message; before the sender can record it, the database goes away.
        if not outages:
            outages.append(outage_in_background(3, keep))

    with smtp_recorder(settings, on_message=cut_database_once) as inbox:
        try:
            results, errors = in_threads(notifications.send_due, 1)
        finally:
            for timer in outages:
                timer.join()
                timer.back_up()
        assert outages, "the outage never happened"
        assert not errors, errors
        # Another sender after the outage (another server's timer) finds nothing left to send.
        assert notifications.send_due() == 0
    assert inbox.total == 5 and set(inbox.subjects.values()) == {1}, inbox.subjects
    assert OutboundEmail.objects.filter(state=OutboundEmail.State.SENT).count() == 5


def _late_reports(count):
    OrganisationUnit.objects.filter(code="dpupr").update(head_email="kepala.pupr@kotabogor.go.id")
    dispatched = timezone.now() - timedelta(hours=30)  # past the 24 h of the head, before the mayor's 48 h
    reports = [complaint_in(S.DISPATCHED, now=dispatched) for _ in range(count)]
    return [r.pk for r in reports]


@postgresql_only
def test_two_escalation_runs_at_once_escalate_each_late_report_once():
    reports = _late_reports(8)
    before = OutboundEmail.objects.filter(to="kepala.pupr@kotabogor.go.id").count()
    now = timezone.now()
    results, errors = in_threads(lambda: sla.escalate(now), 2)
    assert not errors, errors
    assert sum(results) == 8
    for pk in reports:
        assert ComplaintEvent.objects.filter(complaint_id=pk, action="escalate").count() == 1
        assert Complaint.objects.get(pk=pk).escalation_level == 1
    assert OutboundEmail.objects.filter(to="kepala.pupr@kotabogor.go.id").count() - before == 8


@postgresql_only
def test_two_auto_close_runs_at_once_close_every_report_once_without_error():
    reports = [complaint_in(S.RESOLVED).pk for _ in range(8)]
    Complaint.objects.filter(pk__in=reports).update(due_at=timezone.now() - timedelta(minutes=1))
    now = timezone.now()
    results, errors = in_threads(lambda: sla.autoclose(now), 2)
    assert not errors, errors  # a run that meets a report the other closed goes on with the rest
    assert sum(results) == 8
    for pk in reports:
        assert Complaint.objects.get(pk=pk).status == S.CLOSED
        assert ComplaintEvent.objects.filter(complaint_id=pk, action="close").count() == 1


def test_auto_close_goes_on_after_a_report_that_changed_meanwhile(monkeypatch):
    reports = [complaint_in(S.RESOLVED).pk for _ in range(3)]
    Complaint.objects.filter(pk__in=reports).update(due_at=timezone.now() - timedelta(minutes=1))
    # The run reads the list; before it reaches the first report, the reporter reopens it.
    real_filter = Complaint.objects.filter

    def list_then_reopen(*args, **kwargs):
        monkeypatch.undo()
        listed = list(real_filter(*args, **kwargs))
        real_filter(pk=reports[0]).update(status=S.REOPENED)
        return listed

    monkeypatch.setattr(Complaint.objects, "filter", list_then_reopen)
    assert sla.autoclose(timezone.now()) == 2  # no TransitionError: the other two still close
    assert Complaint.objects.get(pk=reports[0]).status == S.REOPENED
    assert Complaint.objects.filter(pk__in=reports[1:], status=S.CLOSED).count() == 2
