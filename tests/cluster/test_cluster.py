"""Issue 13: the portal on two servers, with its dependencies failing under it.

One cluster (tests/cluster/harness.py) is shared by the scenarios, which run in this order; each adds
its row to the table (conftest.py) whether it passes or not, so the closing note can show the figures.
"""

import contextlib
import html
import io
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from urllib.parse import urlsplit

import pytest

from .harness import ROOT, compare_mail, wait_for

pytestmark = pytest.mark.cluster

FORM_PATH = "/en/complaints/"
SESSION_CODE = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
user = get_user_model().objects.get(username=%r)
device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
          or TOTPDevice.objects.create(user=user, name="cluster test", confirmed=True))
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(), DEVICE_ID_SESSION_KEY: device.persistent_id})
session.create()
print(json.dumps(session.session_key))
"""


def http():
    import requests

    return requests.Session()


def logged_in(cluster, username):
    """Cookies of a session of `username` that has given its two-step code (an officer at work).

    Production cookies are Secure: passed by hand, since the test speaks plain HTTP to 127.0.0.1."""
    return {"sessionid": cluster.django(SESSION_CODE % username)}


def csrf(session, url, cookies=None):
    response = session.get(url, cookies=cookies, timeout=30)
    response.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    return token, {**(cookies or {}), "csrftoken": response.cookies.get("csrftoken") or token}, response.text


def jpeg(seed=0, size=(640, 480)):
    from PIL import Image

    image = Image.effect_noise(size, 40 + seed % 20).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class Form:
    """The public complaint form on one server: its token and a category, then complete posts."""

    def __init__(self, cluster, server):
        self.cluster, self.server = cluster, server
        self.session = http()
        self.url = cluster.url(server, FORM_PATH)
        self.token, self.cookies, html = csrf(self.session, self.url)
        self.category = re.search(r'name="category" value="(\d+)"', html).group(1)

    def post(self, *, email=None, description=None, photo=None, submission_id=None, extra=None, timeout=60):
        """Send the form once; returns (response, tracking code in the redirect or None, submission id)."""
        submission_id = submission_id or str(uuid.uuid4())
        data = {"csrfmiddlewaretoken": self.token, "category": self.category, "submission_id": submission_id,
                "consent": "on", "address": "Jl. Pajajaran",
                "description": description or "Saluran air mampet di depan rumah, air meluap ke jalan setiap hujan.",
                "email": email or f"warga-{submission_id[:8]}@contoh.id", **(extra or {})}
        files = {"photos": ("foto.jpg", photo, "image/jpeg")} if photo else None
        response = self.session.post(self.url, data=data, files=files, cookies=self.cookies, allow_redirects=False,
                                     timeout=timeout)
        match = re.search(r"/submitted/([A-Z0-9]+)/", response.headers.get("Location", ""))
        return response, (match.group(1) if match else None), submission_id

    def shown(self, response, code):
        """Whether the page the citizen lands on after a post shows them the tracking code."""
        if not code:
            return False
        landing = self.session.get(self.cluster.url(self.server, response.headers["Location"]), timeout=30)
        return landing.status_code == 200 and code in landing.text


def outbox(cluster, complaint_ids):
    """[(to, subject, state)] of the outbox rows of these reports."""
    return cluster.sql("SELECT e.to, e.subject, e.state FROM complaints_outboundemail e "
                       "WHERE e.complaint_id = ANY(%s)", (list(complaint_ids),))


def settle_mail(cluster, complaint_ids, timeout=180):
    """Wait until every e-mail of these reports has left the outbox, then a little longer for late repeats;
    returns (expected, delivered, duplicates, missing, repeated (to, subject))."""
    with contextlib.suppress(TimeoutError):
        # Sent, or given up on: not waiting, and not held by a sender (a "sending" state, where there is one).
        wait_for(lambda: all(state in ("sent", "failed") for _to, _subject, state in outbox(cluster, complaint_ids)),
                 timeout, 1, "outbox empty")
    time.sleep(6)  # two timer rounds: a second sender of the same message would have sent it by now
    rows = outbox(cluster, complaint_ids)
    keys = {(to, subject) for to, subject, _state in rows}
    normalised = {(to.lower(), " ".join(subject.split())) for to, subject in keys}
    delivered = [m for m in cluster.smtp.deliveries() if (m["to"], m["subject"]) in normalised]
    return compare_mail(keys, delivered)


def complaint_ids(cluster, submission_ids):
    return [row[0] for row in cluster.sql("SELECT id FROM complaints_complaint WHERE submission_id = ANY(%s)",
                                          ([uuid.UUID(s) for s in submission_ids],))]


def send_many(cluster, count, threads=4, **fields):
    """`count` complete forms, alternately through A and B; returns [(server, status, code, submission_id)]."""
    forms = {name: Form(cluster, name) for name in cluster.SERVERS}
    results, lock = [], threading.Lock()
    todo = list(range(count))

    def client(index):
        local = {name: Form(cluster, name) for name in cluster.SERVERS} if index else forms
        while True:
            with lock:
                if not todo:
                    return
                n = todo.pop()
            server = cluster.SERVERS[n % 2]
            response, code, sid = local[server].post(**fields)
            with lock:
                results.append((server, response.status_code, code, sid))

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


# --- scenarios ----------------------------------------------------------------------------------------

def test_page_published_through_a_is_fresh_on_b(cluster, table):
    """An editor publishes on server A; a visitor of server B, who had the old page cached, sees the new one."""
    row = table.add("page published on A, read on B", tried=1)
    page = cluster.django("""
import json, uuid
from home.models import StandardPage
page = StandardPage.objects.live().filter(url_path_en__isnull=False).order_by("pk").first().specific
title = "Cluster " + uuid.uuid4().hex[:8]
page.title_en = title
page.save_revision()
print(json.dumps({"id": page.pk, "title": title}))
""")
    url = cluster.django(f"""
import json
from django.utils import translation
from home.models import StandardPage
with translation.override("en"):
    print(json.dumps(StandardPage.objects.get(pk={page['id']}).get_url()))
""")
    client = http()
    before = client.get(cluster.url("B", url), timeout=30)
    assert before.status_code == 200 and page["title"] not in before.text  # a draft is not shown
    again = client.get(cluster.url("B", url), timeout=30)  # now cached on B's side too
    assert page["title"] not in again.text

    cookies = logged_in(cluster, "admin")
    publish = cluster.url("A", f"/admin/bulk/wagtailcore/page/publish/?id={page['id']}")
    token, cookies, _html = csrf(client, publish, cookies)
    response = client.post(publish, data={"csrfmiddlewaretoken": token, "include_descendants": ""},
                           cookies=cookies, allow_redirects=False, timeout=60)
    assert response.status_code == 302, response.status_code
    after = client.get(cluster.url("B", url), timeout=30)
    row.update({"answers": f"B {before.status_code}, publish on A {response.status_code}, B {after.status_code}",
                "result": "fresh" if page["title"] in after.text else "STALE"})
    assert after.status_code == 200
    assert page["title"] in after.text, "server B still serves the page as it was before the publish on A"



def page_paths(cluster, limit=12):
    """Paths of the site's pages, from the sitemap (which may be an index of sitemaps)."""
    client, paths, queue = http(), [], ["/sitemap.xml"]
    while queue and len(paths) < limit:
        xml = client.get(cluster.url("A", queue.pop(0)), timeout=60).text
        for loc in re.findall(r"<loc>([^<]+)</loc>", xml):
            path = urlsplit(html.unescape(loc)).path
            (queue if path.endswith(".xml") else paths).append(path)
    return paths[:limit]


def test_images_of_pages_rendered_on_a_are_there_on_b(cluster, table):
    """Pages seen first through A (which makes their image renditions), then through B: every image B's pages
    point to loads."""
    paths = page_paths(cluster)
    row = table.add("images of pages on B", tried=f"{len(paths)} pages")
    client, images = http(), set()
    for path in paths:
        client.get(cluster.url("A", path), timeout=120)
    answers = Counter()
    for path in paths:
        response = client.get(cluster.url("B", path), timeout=120)
        answers[response.status_code] += 1
        for src in re.findall(r'<img[^>]+src="([^"]+)"', response.text):
            images.add(html.unescape(src))
        for srcset in re.findall(r'srcset="([^"]+)"', response.text):
            images.update(html.unescape(part.split()[0]) for part in srcset.split(",") if part.strip())
    missing = []
    for src in sorted(images):
        url = src if src.startswith("http") else cluster.url("B", src)
        if src.startswith("data:"):
            continue
        if client.get(url, timeout=120).status_code != 200:
            missing.append(src)
    row.update({"answers": f"pages {dict(answers)}; images {len(images) - len(missing)}/{len(images)} load",
                "result": "all there" if not missing and set(answers) == {200} else f"{len(missing)} MISSING"})
    assert set(answers) == {200}, f"pages on B: {dict(answers)}"
    assert images, "no images on the pages"
    assert not missing, f"{len(missing)} of {len(images)} images missing on B, e.g. {missing[:3]}"


def test_photo_sent_through_a_is_served_by_b_and_erased_everywhere_by_retention(cluster, table):
    """A citizen's photo sent to server A: an officer reading the report on server B sees it, and when the
    retention period ends it is gone from every place it was stored."""
    row = table.add("photo sent through A: served by B, erased by retention", tried=1)
    form = Form(cluster, "A")
    response, code, _sid = form.post(photo=jpeg(1))
    row["codes shown"] = int(bool(code))
    assert response.status_code == 302 and code, response.status_code
    photo_id, name = cluster.sql("SELECT p.id, p.file FROM complaints_complaintphoto p JOIN complaints_complaint c "
                                 "ON c.id = p.complaint_id WHERE c.tracking_code = %s", (code,))[0]
    row["rows"] = 1
    cookies = logged_in(cluster, "desk")
    answers = {}
    for server in cluster.SERVERS:
        served = http().get(cluster.url(server, f"/admin/complaints/inbox/photo/{photo_id}/"), cookies=cookies,
                            timeout=30)
        answers[server] = served.status_code
        if served.status_code == 200:
            assert served.content[:3] == b"\xff\xd8\xff", "not a JPEG"
    stored = [places for key, places in cluster.stored_photos().items() if key.endswith(name)]
    row["answers"] = f"A {answers['A']}, B {answers['B']}; stored in {stored}"
    assert answers == {"A": 200, "B": 200}, "the photo is not served by both servers"

    # Closed longer ago than the retention period: the timers (on both servers) erase it.
    cluster.sql("UPDATE complaints_complaint SET status = 'closed', updated_at = now() - interval '800 days' "
                "WHERE tracking_code = %s", (code,))

    def erased():
        return not cluster.sql("SELECT 1 FROM complaints_complaint WHERE tracking_code = %s AND "
                               "personal_data_erased_at IS NULL", (code,))

    with contextlib.suppress(TimeoutError):
        wait_for(erased, 60, 1, "retention run")
    time.sleep(2)
    left = [places for key, places in cluster.stored_photos().items() if key.endswith(name)]
    row["orphans"] = sum(len(places) for places in left)
    row["result"] = "erased everywhere" if erased() and not left else f"left in {left}"
    assert erased(), "retention did not run"
    assert not left, f"the photo outlived the retention period in {left}"


def test_hundred_emails_through_two_workers_and_two_timers_arrive_exactly_once(cluster, table):
    row = table.add("100 e-mails, two workers and two timers", tried=100)
    results = send_many(cluster, 100)
    codes = [code for _server, _status, code, _sid in results if code]
    ids = complaint_ids(cluster, [sid for *_rest, sid in results])
    expected, delivered, duplicates, missing, repeated = settle_mail(cluster, ids)
    row.update({"codes shown": len(codes), "rows": len(ids), "e-mails expected": expected,
                "e-mails delivered": delivered, "duplicates": duplicates,
                "answers": dict(Counter(status for _server, status, _code, _sid in results)),
                "result": "exactly once" if not duplicates and not missing else f"{missing} missing"})
    assert len(codes) == len(ids) == 100
    assert expected >= 100
    assert duplicates == 0, f"{duplicates} e-mails were delivered more than once, e.g. {repeated[:3]}"
    assert missing == 0, f"{missing} e-mails never arrived"


RUN_WHEN_TOLD = """
import json, pathlib, time
from django.core.management import call_command
from django.db import connection
connection.ensure_connection()
folder = pathlib.Path(%r)
(folder / ("ready-" + %r)).touch()
while not (folder / "go").exists():
    time.sleep(0.005)
call_command("complaints_housekeeping")
print(json.dumps("done"))
"""


def test_escalation_runs_on_both_servers_escalate_each_late_report_once(cluster, table, tmp_path):
    """Two housekeeping runs at the same moment (one per server, besides both timers): every late report is
    escalated once, with one e-mail, every resolved report past its deadline is closed once, and both runs end
    without error."""
    late, due = 8, 4
    row = table.add("escalation on both servers at once", tried=f"{late} late + {due} to close, 2 runs + 2 timers")
    results = send_many(cluster, late + due, threads=2)
    ids = sorted(complaint_ids(cluster, [sid for *_rest, sid in results]))
    assert len(ids) == late + due
    settle_mail(cluster, ids, timeout=60)  # the confirmations first, so they are not counted as this run's
    unit = cluster.sql("SELECT id FROM cms_organisationunit WHERE email <> '' ORDER BY id LIMIT 1")[0][0]
    runners = [subprocess.Popen([sys.executable, "manage.py", "shell", "-c", RUN_WHEN_TOLD % (str(tmp_path), name)],
                                cwd=ROOT, env=cluster.env[name], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for name in cluster.SERVERS]
    try:
        wait_for(lambda: all((tmp_path / f"ready-{name}").exists() for name in cluster.SERVERS), 180, 0.2,
                 "both runs ready")
        cluster.sql("UPDATE complaints_complaint SET status = 'dispatched', unit_id = %s, escalation_level = 0, "
                    "dispatched_at = now() - interval '30 hours', first_response_at = NULL, "
                    "due_at = now() + interval '3 days' WHERE id = ANY(%s)", (unit, ids[:late]))
        cluster.sql("UPDATE complaints_complaint SET status = 'resolved', unit_id = %s, "
                    "resolved_at = now() - interval '15 days', due_at = now() - interval '1 hour' "
                    "WHERE id = ANY(%s)", (unit, ids[late:]))
        (tmp_path / "go").touch()
        outcomes = [runner.communicate(timeout=240) for runner in runners]
    finally:
        for runner in runners:
            if runner.poll() is None:
                runner.kill()
    failed = [err.strip().splitlines()[-1] for (out, err), runner in zip(outcomes, runners, strict=True)
              if runner.returncode]
    time.sleep(5)  # the timers' next rounds
    escalations = Counter(dict(cluster.sql(
        "SELECT complaint_id, count(*) FROM complaints_complaintevent WHERE action = 'escalate' "
        "AND complaint_id = ANY(%s) GROUP BY complaint_id", (ids[:late],))))
    closings = Counter(dict(cluster.sql(
        "SELECT complaint_id, count(*) FROM complaints_complaintevent WHERE status = 'closed' "
        "AND complaint_id = ANY(%s) GROUP BY complaint_id", (ids[late:],))))
    expected, delivered, duplicates, missing, repeated = settle_mail(cluster, ids)
    row.update({"rows": f"{sum(escalations.values())} escalations, {sum(closings.values())} closings",
                "e-mails expected": expected, "e-mails delivered": delivered, "duplicates": duplicates,
                "answers": f"runs failed: {failed}" if failed else "both runs ended normally",
                "result": "once each" if sorted(escalations.values()) == [1] * late and
                sorted(closings.values()) == [1] * due and not duplicates else "REPEATED"})
    assert not failed, f"a housekeeping run failed: {failed}"
    assert sorted(escalations.values()) == [1] * late, f"escalations per late report: {escalations}"
    assert sorted(closings.values()) == [1] * due, f"closings per report: {closings}"
    assert duplicates == 0 and missing == 0, f"{duplicates} e-mails repeated ({repeated[:3]}), {missing} missing"


PAGES_WITHOUT_REDIS = ["/healthz", "/id/", "/en/", FORM_PATH, "/en/about-bogor/", "/api/open311/v2/services.json",
                       "/api/open311/v2/requests.json", "/sitemap.xml"]


def test_pages_stay_up_while_redis_is_stopped(cluster, table):
    row = table.add("Redis stopped", tried=f"{len(PAGES_WITHOUT_REDIS)} URLs x 2 servers x 2 visits, 1 form")
    cluster.stop_redis()
    code = None
    try:
        answers = {}
        client = http()
        for _visit in range(2):
            for server in cluster.SERVERS:
                for path in PAGES_WITHOUT_REDIS:
                    answers[(server, path)] = client.get(cluster.url(server, path), timeout=60).status_code
        try:
            response, code, _sid = Form(cluster, "B").post()
            answers[("B", "POST " + FORM_PATH)] = response.status_code
        except Exception as error:  # the form itself did not load
            answers[("B", "POST " + FORM_PATH)] = getattr(getattr(error, "response", None), "status_code", repr(error))
    finally:
        cluster.start_redis()
    codes = Counter(answers.values())
    row.update({"answers": dict(codes), "codes shown": int(bool(code)),
                "result": "all up" if set(codes) <= {200, 302} else "ERRORS"})
    failing = {key: status for key, status in answers.items() if status not in (200, 302)}
    assert not failing, f"without Redis: {failing}"
    assert code, "a report could not be sent without Redis"
    assert http().get(cluster.url("A", "/en/"), timeout=30).status_code == 200  # and back with it


def test_read_only_photo_store_gives_back_the_form(cluster, table):
    """The photo store refuses writes: the citizen gets the form back (503) with what they typed and a message,
    and can send it without the photo."""
    row = table.add("photo store read-only", tried=1)
    description = f"Lampu jalan mati sejak seminggu di gang {uuid.uuid4().hex[:6]}, gelap sekali malam hari."
    resend = code = None
    cluster.photo_store_read_only(True)
    try:
        form = Form(cluster, "A")
        response, refused_code, sid = form.post(photo=jpeg(2), description=description)
        saved_at_once = len(complaint_ids(cluster, [sid]))
        if response.status_code == 503:
            # The choice the page offers: send it now without the photo.
            resend, code, _sid = form.post(description=description, submission_id=sid, extra={"without_photos": "on"})
    finally:
        cluster.photo_store_read_only(False)
    orphans = cluster.orphan_photos()
    row.update({"answers": f"{response.status_code}" + (f", then {resend.status_code} without photo" if resend else ""),
                "codes shown": int(bool(code or refused_code)), "rows": len(complaint_ids(cluster, [sid])),
                "orphans": len(orphans),
                "result": "form kept" if response.status_code == 503 and description in response.text else "NOT KEPT"})
    assert response.status_code == 503, f"a read-only photo store answered {response.status_code}"
    assert description in response.text, "what the citizen typed is not in the form given back"
    assert "Your photo could not be stored just now" in response.text and 'name="without_photos"' in response.text
    assert saved_at_once == 0, "the report was saved without the photo the citizen sent"
    assert resend.status_code == 302 and code, "the report could not be sent without the photo"


TRIGGER = """
CREATE OR REPLACE FUNCTION cluster_test_refuse() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM complaints_complaint WHERE id = NEW.complaint_id
               AND description LIKE '%cluster-rollback%') THEN
        RAISE EXCEPTION 'cluster test: this transaction must roll back';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER cluster_test_refuse BEFORE INSERT ON complaints_complaintevent
    FOR EACH ROW EXECUTE FUNCTION cluster_test_refuse();
"""


def test_no_orphan_photo_after_a_rollback(cluster, table):
    """The database refuses the report after its photo was handled: no photo stays without a row."""
    row = table.add("rollback after the photo", tried=1)
    before = set(cluster.orphan_photos())
    cluster.sql(TRIGGER)
    try:
        response, code, sid = Form(cluster, "B").post(
            photo=jpeg(3), description="Trotoar rusak parah dekat sekolah, anak-anak harus turun ke jalan. "
                                       "cluster-rollback")
    finally:
        cluster.sql("DROP TRIGGER cluster_test_refuse ON complaints_complaintevent; "
                    "DROP FUNCTION cluster_test_refuse();")
    time.sleep(3)
    new_orphans = sorted(set(cluster.orphan_photos()) - before)
    rows = len(complaint_ids(cluster, [sid]))
    row.update({"answers": response.status_code, "codes shown": int(bool(code)), "rows": rows,
                "orphans": len(new_orphans), "result": "no orphan" if not new_orphans else "ORPHAN"})
    assert rows == 0 and not code
    assert not new_orphans, f"photos without a row after the rollback: {new_orphans}"


def test_postgres_restart_loses_no_report_and_sends_every_email_once(cluster, table):
    """Citizens keep sending forms while PostgreSQL stops for 10 seconds and comes back. Every form gets
    its code in the end (a citizen sends again after an error, which is safe), every code shown belongs to a
    saved report, the workers are still there afterwards, and every e-mail arrives once."""
    row = table.add("PostgreSQL restarted mid-run")
    stop_after, down_for, run_for = 6, 10, 28
    sent, lock = [], threading.Lock()
    started = time.monotonic()

    def citizen(index):
        forms = {name: Form(cluster, name) for name in cluster.SERVERS}
        turn = index
        while time.monotonic() - started < run_for:
            record = {"sid": str(uuid.uuid4()), "answers": [], "shown": None}
            first_try = time.monotonic()
            while time.monotonic() - first_try < 90:  # a patient citizen: sends again for a minute and a half
                form = forms[cluster.SERVERS[turn % 2]]
                turn += 1
                try:
                    response, code, _sid = form.post(submission_id=record["sid"], timeout=30)
                    answer = response.status_code
                    if answer not in (200, 302) and not response.headers.get("Retry-After"):
                        answer = f"{answer} without Retry-After"
                    record["answers"].append(answer)
                    if code and form.shown(response, code):
                        record["shown"] = code
                        break
                except Exception as error:  # the connection itself failed
                    record["answers"].append(type(error).__name__)
                time.sleep(2)  # the citizen reads the page, then sends again
            with lock:
                sent.append(record)

    citizens = [threading.Thread(target=citizen, args=(i,)) for i in range(3)]
    for thread in citizens:
        thread.start()
    time.sleep(stop_after)
    cluster.postgres.stop()
    time.sleep(down_for)
    cluster.postgres.start()
    for thread in citizens:
        thread.join()

    sids = [record["sid"] for record in sent]
    saved = dict(cluster.sql("SELECT submission_id::text, tracking_code FROM complaints_complaint "
                             "WHERE submission_id = ANY(%s)", ([uuid.UUID(s) for s in sids],)))
    shown = {record["sid"]: record["shown"] for record in sent if record["shown"]}
    lost = [code for sid, code in shown.items() if saved.get(sid) != code]
    answers = Counter(str(a) for record in sent for a in record["answers"])
    alive = {name: cluster.processes[name].alive for name in cluster.processes if name.startswith(("worker", "timers"))}
    expected, delivered, duplicates, missing, repeated = settle_mail(cluster, complaint_ids(cluster, sids), timeout=240)
    running = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
    with contextlib.suppress(TimeoutError):
        wait_for(lambda: cluster.sql(running)[0][0] == 0, 90, 1, "no task left running")
    stuck = cluster.sql(running)[0][0]
    row.update({"tried": len(sent), "answers": dict(answers), "codes shown": len(shown), "rows": len(saved),
                "e-mails expected": expected, "e-mails delivered": delivered, "duplicates": duplicates,
                "orphans": len(cluster.orphan_photos()),
                "result": ("no loss" if not lost and all(alive.values()) and not duplicates and not missing
                           else f"lost {len(lost)}, processes {alive}, {missing} e-mails missing, "
                                f"{stuck} tasks left running")})
    assert not lost, f"codes shown without a saved report: {lost}"
    assert all(alive.values()), f"processes that did not survive the restart: {alive}"
    assert len(shown) == len(sent), "some citizens never got a code, sending again and again"
    assert duplicates == 0 and missing == 0, f"{duplicates} e-mails repeated ({repeated[:3]}), {missing} never arrived"
    assert stuck == 0, f"{stuck} tasks left RUNNING"
    assert not [a for a in answers if a not in ("200", "302", "503")], f"answers during the outage: {answers}"
