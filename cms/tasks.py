"""Background tasks of the core, and the two rules every app's tasks share (queue after commit, back off)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args):
    """Queue `task(*args)` once the current transaction has committed, and not at all if it rolls back.

    A queue that is unavailable is logged, not raised: the request or publish that asked has already
    succeeded, and each kind of work has a timer that catches up (translate_pages, send_pending_email).
    """

    def enqueue():
        try:
            task.enqueue(*args)
        except Exception:  # see above: never fail the caller's committed work
            logger.exception("Could not queue %s for %s", task.name, args)

    transaction.on_commit(enqueue)


def retry_delay(attempts, *, first_minutes=1, max_minutes=240):
    """How long to wait before trying again after `attempts` failures: doubling from `first_minutes`, capped."""
    return timedelta(minutes=min(first_minutes * 2 ** max(attempts, 0), max_minutes))


@task()
def send_invitation(user_id):
    """E-mail a new editor a link to choose their password (Wagtail's password-reset form).

    A failure raises, so the task is recorded as failed and can be run again; the link stays
    valid until the password is set (PASSWORD_RESET_TIMEOUT).
    """
    user = get_user_model().objects.get(pk=user_id)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("cms/email/invitation_subject.txt", {"user": user}).strip()
        body = render_to_string("cms/email/invitation.txt", {"user": user, "link": link})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


@task()
def send_two_factor_reset_notice(user_id):
    """Tell a person that Diskominfo reset their two-step login: if they did not ask, it was not them."""
    user = get_user_model().objects.get(pk=user_id)
    login = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_login")
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("cms/email/two_factor_reset_subject.txt", {"user": user}).strip()
        body = render_to_string("cms/email/two_factor_reset.txt", {"user": user, "login": login})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
