"""Background tasks of accounts: the invitation e-mail to a new editor."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from cms.email import render_subject, render_text


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
        subject = render_subject("cms/email/invitation_subject.txt", {"user": user})
        body = render_text("cms/email/invitation.txt", {"user": user, "link": link})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)


@task()
def send_two_factor_reset_notice(user_id):
    """Tell a person that Diskominfo reset their two-step login: if they did not ask, it was not them."""
    user = get_user_model().objects.get(pk=user_id)
    login = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_login")
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_subject("cms/email/two_factor_reset_subject.txt", {"user": user})
        body = render_text("cms/email/two_factor_reset.txt", {"user": user, "login": login})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=False)
