"""E-mails are plain text: what people wrote reaches the reader as they wrote it, not HTML-escaped."""

import re
from pathlib import Path

import pytest
from django.core import mail

from cms.accounts.tasks import send_invitation
from complaints import notifications, workflow
from complaints.models import OutboundEmail
from tests.factories import UserFactory, complaint_in, liaison, site_tree, unit

pytestmark = pytest.mark.django_db

PAYLOAD = """<b>Jalan & "got" it's</b>"""
ESCAPED = ("&lt;", "&amp;", "&quot;", "&#x27;", "&#39;")
ROOT = Path(__file__).resolve().parent.parent


def assert_verbatim(message):
    assert PAYLOAD in message.body, message.body
    assert not any(entity in message.body for entity in ESCAPED), message.body
    # An HTML part, should one be added, escapes what people wrote.
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            assert PAYLOAD not in content and "&lt;b&gt;Jalan &amp;" in content


def test_officers_public_message_reaches_the_reporter_verbatim():
    site_tree()
    complaint = complaint_in("dispatched", email="siti@contoh.id")
    officer = liaison("dpupr", username="pupr")
    workflow.apply(complaint, "respond", officer, public_message=PAYLOAD)
    mail.outbox.clear()
    notifications.send_due()
    (message,) = [m for m in mail.outbox if m.to == ["siti@contoh.id"] and "Jalan" in m.body]
    assert_verbatim(message)


def test_the_citizens_description_reaches_the_unit_verbatim():
    site_tree()
    pupr = unit("dpupr")
    pupr.email = "pupr@kotabogor.go.id"
    pupr.save()
    complaint_in("dispatched", description=f"Got mampet di {PAYLOAD} sejak seminggu.")
    notifications.send_due()
    (message,) = [m for m in mail.outbox if m.to == ["pupr@kotabogor.go.id"]]
    assert_verbatim(message)
    assert OutboundEmail.objects.filter(to="pupr@kotabogor.go.id", state=OutboundEmail.State.SENT).exists()


def test_an_editors_name_reaches_them_verbatim_in_the_invitation():
    user = UserFactory(first_name='<b>Jalan & "got"', last_name="it's</b>", email="dewi@kotabogor.go.id")
    send_invitation.call(user.pk)
    assert_verbatim(mail.outbox[-1])


def test_every_email_template_is_rendered_as_plain_text():
    """Code that renders e-mail templates goes through cms.email (autoescape off), never the HTML engine."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"render_to_string\([^)]*email/", text) or re.search(r"get_template\([^)]*email/", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
