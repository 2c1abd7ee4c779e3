"""The rules every app's background work shares: queue after commit, back off between retries."""

from datetime import timedelta

import pytest

from cms.tasks import enqueue_after_commit, retry_delay


def test_retry_delay_doubles_up_to_its_cap():
    assert [retry_delay(n) for n in (0, 1, 2, 8, 20)] == [timedelta(minutes=m) for m in (1, 2, 4, 240, 240)]
    assert retry_delay(2, first_minutes=5, max_minutes=360) == timedelta(minutes=20)
    assert retry_delay(-1, first_minutes=5) == timedelta(minutes=5)


class FakeTask:
    name = "fake"

    def __init__(self, fail=False):
        self.calls, self.fail = [], fail

    def enqueue(self, *args):
        if self.fail:
            raise RuntimeError("queue down")
        self.calls.append(args)


@pytest.mark.django_db
def test_enqueue_after_commit_waits_for_the_commit_and_survives_a_queue_that_is_down(
        django_capture_on_commit_callbacks, caplog):
    task = FakeTask()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(task, 1, "a")
        assert task.calls == []
    assert task.calls == [(1, "a")]
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(FakeTask(fail=True), 2)
    assert "Could not queue fake" in caplog.text
