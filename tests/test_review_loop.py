"""The review loop through the admin: a kelurahan jubir submits, the kecamatan reviewer returns the
page with a comment or approves it; who gets which e-mail, what the editor and the dashboard show,
and what the messages after each action say."""

import hashlib
import inspect
import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.test.signals import template_rendered
from django.utils import translation
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import GroupApprovalTask, WorkflowState, WorkflowTask
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from cms.accounts.permissions import DISKOMINFO_GROUP
from cms.review import loop
from cms.review.notifications import send_review_email
from cms.review.wagtail_hooks import ReturnedPagesPanel
from home.models import UnitPage
from tests.factories import member, officer, site_tree

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def site(db):
    """A kelurahan jubir of Paledang, a reviewer of its kecamatan, Diskominfo's publishers, and a
    few more kelurahan sections, as the roster import would make them."""
    tree = site_tree()
    officer("admin")
    member("kel-paledang", "editor", username="rina.hidayat", email="rina.hidayat@kotabogor.go.id",
           first_name="Rina", last_name="Hidayat")
    member("kec-bogor-tengah", "reviewer", username="indah.maulana", email="indah.maulana@kotabogor.go.id",
           first_name="Indah", last_name="Maulana")
    for n in range(5):
        member("diskominfo", "reviewer", username=f"kominfo{n}")
    for code in ("kel-sempur", "kel-babakan"):
        member(code, "editor")
    return tree
COMMENT = "Foto <b>kantor</b> belum ada & jam buka salah.\nTolong perbaiki."


class _EditForm(HTMLParser):
    """The values the browser would post from the page editor (stream fields left empty)."""

    def __init__(self):
        super().__init__()
        self.data, self.inside, self.textarea, self.select = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "page-edit-form":
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("checkbox", "radio", "submit", "button"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and "checked" in attrs:
            self.data[name] = attrs.get("value") or "on"
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""
        elif tag == "div" and attrs.get("data-controller") == "w-block" and attrs.get("id"):
            self.data[f"{attrs['id']}-count"] = "0"

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def submit(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = _EditForm()
    form.feed(response.content.decode())
    return client.post(f"/admin/pages/{page.pk}/edit/", {**form.data, "action-submit": "1"}, follow=True)


def task_state_of(page):
    return WorkflowState.objects.get(object_id=str(page.pk), status__in=["in_progress", "needs_changes"]) \
        .current_task_state


def act(client, page, action, comment=""):
    url = f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state_of(page).pk}/"
    return client.post(url, {"comment": comment}, follow=True)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def set_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def mails_to(user):
    return [m for m in mail.outbox if user.email in m.to]


@pytest.fixture
def page():
    return UnitPage.objects.get(unit__code="kel-paledang")


@pytest.fixture
def jubir():
    user = User.objects.get(email="rina.hidayat@kotabogor.go.id")
    set_language(user, "en")  # messages are asserted in English until the catalogs are translated
    return user


@pytest.fixture
def reviewer():
    user = User.objects.get(email="indah.maulana@kotabogor.go.id")
    set_language(user, "en")
    return user


@pytest.fixture
def kecamatan_reviewers(reviewer):
    return reviewer.groups.get(name__endswith=" reviewers")


def test_submission_emails_each_reviewer_who_must_act_once_in_their_language(
        client, page, jubir, reviewer, kecamatan_reviewers, django_capture_on_commit_callbacks):
    set_language(reviewer, "id")
    english = User.objects.create_user("ayu.reviewer", "ayu.reviewer@kotabogor.go.id", "x", first_name="Ayu")
    english.groups.add(kecamatan_reviewers)
    set_language(english, "en")
    # In both notified groups (the kelurahan's and the kecamatan's reviewers): still one e-mail.
    kelurahan_reviewers = next(g for g in page.get_workflow().tasks.get().specific.approver_groups(page)
                               if g.pk != kecamatan_reviewers.pk and g.name != DISKOMINFO_GROUP)
    reviewer.groups.add(kelurahan_reviewers)
    diskominfo = list(User.objects.filter(groups__name=DISKOMINFO_GROUP))
    assert len(diskominfo) >= 5

    client.force_login(jubir)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, page)

    assert sorted(address for m in mail.outbox for address in m.to) == sorted([reviewer.email, english.email])
    for nobody in [jubir, User.objects.get(username="admin"), *diskominfo]:
        assert not mails_to(nobody)
    edit_link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + f"/admin/pages/{page.pk}/edit/"
    (in_english,), (in_indonesian,) = mails_to(english), mails_to(reviewer)
    assert in_english.subject == f"To review: “{page.title_en}”"  # the title in the reader's language
    assert "Rina Hidayat submitted the page" in in_english.body
    assert edit_link in in_english.body and edit_link in in_indonesian.body
    assert "Hello Ayu," in in_english.body
    assert in_english.body != in_indonesian.body  # rendered per person
    msgs = messages_of(response)
    assert any(m.startswith("Submitted for review to") and kecamatan_reviewers.name in m for m in msgs), msgs
    assert not any(DISKOMINFO_GROUP in m for m in msgs)


def test_indonesian_is_the_default_language_of_an_email(page, jubir, reviewer):
    """A person without an admin language gets the site's language (id), not the request's."""
    UserProfile.objects.filter(user=reviewer).update(preferred_language="")
    page.save_revision(user=jubir)
    page.get_workflow().start(page, jubir)
    seen = []

    def spy(sender, **kwargs):
        seen.append(translation.get_language())

    template_rendered.connect(spy)
    try:
        with translation.override("en"):
            send_review_email.call("submitted", reviewer.pk, {"page": page.pk, "task_state": task_state_of(page).pk,
                                                               "actor": jubir.pk, "previous": None})
    finally:
        template_rendered.disconnect(spy)
    assert seen and set(seen) == {"id"}
    assert len(mails_to(reviewer)) == 1


def test_request_changes_resubmit_and_approve(client, verified_login, page, jubir, reviewer,
                                              django_capture_on_commit_callbacks):
    client.force_login(jubir)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, page)
    mail.outbox.clear()

    # The reviewer returns the page with a comment.
    verified_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, page, "reject", COMMENT)
    assert any(m.startswith("Returned to the author with a comment") for m in messages_of(response))
    assert [m.to for m in mail.outbox] == [[jubir.email]]
    returned = mail.outbox[0]
    assert "Changes requested" in returned.subject
    assert COMMENT in returned.body  # plain text: the comment verbatim
    assert "Indah Maulana returned the page" in returned.body
    # Anyone else who opens the editor (here the reviewer) reads whom it went back to.
    assert "Indah Maulana returned this page to Rina Hidayat (" in \
        client.get(f"/admin/pages/{page.pk}/edit/").content.decode()

    # The jubir sees the comment at the top of the editor, escaped, with what to do.
    client.force_login(jubir)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    notice = re.search(r"<section[^>]*data-cms-review-returned.*?</section>", html, re.S).group(0)
    assert "Indah Maulana returned this page to you (" in notice
    assert "Foto &lt;b&gt;kantor&lt;/b&gt; belum ada &amp; jam buka salah.<br>Tolong perbaiki." in notice
    assert "<b>kantor</b>" not in html
    assert "submit the page for review again" in notice
    # ... and on the dashboard.
    dashboard = client.get("/admin/").content.decode()
    assert "Pages returned to you" in dashboard
    assert f'href="/admin/pages/{page.pk}/edit/"' in dashboard
    assert "Foto &lt;b&gt;kantor&lt;/b&gt; belum ada" in dashboard

    # Resubmitted: the notice and the dashboard entry are gone; the reviewer is asked again, once.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, page)
    assert any(m.startswith("Submitted for review to") for m in messages_of(response))
    assert "data-cms-review-returned" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Pages returned to you" not in client.get("/admin/").content.decode()
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "To review again" in mail.outbox[0].subject

    # Approved at the last (only) step: published, and the jubir hears so, once.
    mail.outbox.clear()
    verified_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, page, "approve")
    assert any(m.startswith("Approved and published") for m in messages_of(response))
    page.refresh_from_db()
    assert page.live and not page.has_unpublished_changes
    assert [m.to for m in mail.outbox] == [[jubir.email]]
    assert "Approved and published" in mail.outbox[0].subject


def test_approval_at_an_intermediate_step_sends_the_page_on(client, verified_login, page, jubir, reviewer,
                                                           django_capture_on_commit_callbacks):
    workflow = page.get_workflow()
    final, _ = GroupApprovalTask.objects.get_or_create(name="Review: final check by Diskominfo (test)")
    final.groups.set([Group.objects.get(name=DISKOMINFO_GROUP)])
    WorkflowTask.objects.create(workflow=workflow, task=final, sort_order=1)
    client.force_login(jubir)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, page)
    mail.outbox.clear()

    verified_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(client, page, "approve")
    assert any(m.startswith(f"Approved; sent to {DISKOMINFO_GROUP}:") for m in messages_of(response))
    assert task_state_of(page).task_id == final.pk
    page.refresh_from_db()
    assert page.has_unpublished_changes  # the first step does not publish
    (to_jubir,) = mails_to(jubir)
    assert f"Approved, now with {DISKOMINFO_GROUP}" in to_jubir.subject
    diskominfo = User.objects.filter(groups__name=DISKOMINFO_GROUP).exclude(email="").distinct()
    assert sorted(a for m in mail.outbox if m is not to_jubir for a in m.to) == sorted(u.email for u in diskominfo)
    # The next step's reviewers read it in their admin language (Indonesian, the default).
    assert all("menyetujui halaman" in m.body for m in mail.outbox if m is not to_jubir)
    assert not mails_to(reviewer)


def test_the_dashboard_panel_costs_one_query_however_many_pages_came_back(jubir, reviewer,
                                                                        django_assert_num_queries):
    pages = list(UnitPage.objects.filter(unit__code__startswith="kel-")[:3])

    def return_page(page):
        page.save_revision(user=jubir)
        page.get_workflow().start(page, jubir)
        task_state_of(page).reject(user=reviewer, comment=f"Mohon cek ulang {page.pk}")

    return_page(pages[0])
    with django_assert_num_queries(1):
        one = ReturnedPagesPanel(jubir).render_html({})
    for page in pages[1:]:
        return_page(page)
    with django_assert_num_queries(1):
        three = ReturnedPagesPanel(jubir).render_html({})
    assert one.count("Mohon cek ulang") == 1 and three.count("Mohon cek ulang") == 3
    assert ReturnedPagesPanel(reviewer).render_html({}).strip() == ""


def test_notify_groups_leave_out_diskominfo_for_a_unit_page_and_ask_the_task_first(page, home):
    task = page.get_workflow().tasks.get()
    assert DISKOMINFO_GROUP not in [g.name for g in loop.notify_groups(task, page)]
    # The home page's workflow has Diskominfo alone: they are the ones to ask.
    home_task = home.get_workflow().tasks.get()
    assert [g.name for g in loop.notify_groups(home_task, home)] == [DISKOMINFO_GROUP]

    class OwnTask:
        specific = property(lambda self: self)

        def notify_groups(self, page):
            return [Group(name="owners of this page")]

    assert [g.name for g in loop.notify_groups(OwnTask(), page)] == ["owners of this page"]


def test_the_copied_wagtail_submit_action_is_still_wagtails():
    """cms/review/views.py copies EditView.submit_action to change its message: after a Wagtail
    upgrade, compare the two and update the copy (then this hash)."""
    source = inspect.getsource(EditView.submit_action)
    assert hashlib.sha256(source.encode()).hexdigest() == \
        "491e50248dc556ce563567917dd2fda35a08ed9ddb62af91d863a610ee1de909"


def test_wagtails_own_workflow_emails_are_off():
    receivers = [r for s in (task_submitted, workflow_approved, workflow_rejected, workflow_submitted)
                 for r in s.receivers]
    assert not [r for r in receivers if "email_notification" in str(r[0][0])]


def test_request_changes_from_the_editor_says_so_and_mails_the_author_once(
        client, verified_login, page, jubir, reviewer, django_capture_on_commit_callbacks):
    client.force_login(jubir)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, page)
    mail.outbox.clear()
    verified_login(reviewer)
    form = _EditForm()
    form.feed(client.get(f"/admin/pages/{page.pk}/edit/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/edit/", {
            **form.data, "action-workflow-action": "1", "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": COMMENT})}, follow=True)
    assert any(m.startswith("Returned to the author with a comment") for m in messages_of(response))
    assert not any("has been updated" in m for m in messages_of(response))
    assert [m.to for m in mail.outbox] == [[jubir.email]] and COMMENT in mail.outbox[0].body
