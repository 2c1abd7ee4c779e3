"""Two-factor login (TOTP, django-otp) for everyone who can publish or read complaints.

wagtail-2fa does not import on Wagtail 8, so this is the small part we need: after the normal
Wagtail login, a person who can publish pages (superusers, reviewers, Diskominfo) must enrol an
authenticator app once and then give its 6-digit code in each session before using the admin.
At enrolment they get ten one-time recovery codes (models.py of this app) for a lost phone;
Diskominfo can reset a person's two-step login so that they enrol again.
"""

import base64
import io
from base64 import b32encode
from urllib.parse import quote, urlencode

import qrcode
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission

from cms.models import UnitMembership

from .models import RecoveryCodeDevice
from .permissions import DESK_GROUP, DISKOMINFO_GROUP
from .tasks import send_two_factor_reset_notice

# Pages someone who has only given a password may open.
EXEMPT_PREFIXES = ("/admin/login/", "/admin/logout/", "/admin/password_reset/", "/admin/2fa/setup/",
                   "/admin/2fa/verify/", "/admin/jsi18n/", "/admin/sprite/")
# Someone who left the page with their new recovery codes without saying they kept them is sent
# back to make a new set, except from these.
CODES_PAGES = EXEMPT_PREFIXES + ("/admin/2fa/recovery-codes/",)
CODES_PENDING = "cms_2fa_codes_unsaved"
FEW_LEFT = 3


def needs_two_factor(user):
    """Publishers, and officers who see complaints (and so reporters' names, e-mails, phones)."""
    if not getattr(settings, "TWO_FACTOR_REQUIRED", True) or not user.is_authenticated:
        return False
    if not hasattr(user, "_needs_2fa"):
        user._needs_2fa = (
            user.is_superuser
            or GroupPagePermission.objects.filter(group__user=user, permission__codename="publish_page").exists()
            or user.groups.filter(name=DESK_GROUP).exists()
            or UnitMembership.objects.filter(user=user, role__in=UnitMembership.COMPLAINT_ROLES).exists()
        )
    return user._needs_2fa


def two_factor_passed(user):
    """The one check of a session: whoever must give a code (needs_two_factor) has given it.

    The admin's middleware asks it for every admin page; complaints.access asks it before any
    complaint data leaves the admin (a public route that serves an officer more than a visitor).
    """
    return not needs_two_factor(user) or user.is_verified()


class TwoFactorMiddleware:
    """Send a publisher who has not given a code this session to enrol or verify."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith("/admin/") and not path.startswith(EXEMPT_PREFIXES):
            if not two_factor_passed(request.user):
                if request.method != "GET" or "text/html" not in request.headers.get("Accept", "text/html"):
                    return HttpResponseForbidden()  # background requests: the page itself leads to the code
                target = "cms_2fa:verify" if user_has_device(request.user, confirmed=True) else "cms_2fa:setup"
                return HttpResponseRedirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
            if (request.session.get(CODES_PENDING) and not path.startswith(CODES_PAGES)
                    and request.method == "GET"):
                return HttpResponseRedirect(
                    f"{reverse('cms_2fa:recovery_codes')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


WRONG = _("That code is not right. Check the time on your phone and try the newest code.")
WAIT = _("Too many wrong codes: wait a few seconds, then try the newest code.")
WRONG_RECOVERY = _("That recovery code is not right, or it has been used already. Check it and try again.")
WAIT_RECOVERY = _("Too many wrong codes: wait a few seconds, then try again.")


class TokenForm(forms.Form):
    token = forms.CharField(label=_("6-digit code"), max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                          "autocapitalize": "off", "spellcheck": "false"}))

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())  # "123 456" as some apps show it


class RecoveryForm(forms.Form):
    recovery_code = forms.CharField(
        label=_("Recovery code"), max_length=20, min_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false",
                                      "placeholder": "xxxxx-xxxxx"}))


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("wagtailadmin_home")


def _issuer():
    return str(getattr(settings, "OTP_TOTP_ISSUER", "") or settings.WAGTAIL_SITE_NAME).replace(":", "")


def _account_name(user):
    # Some roster accounts are named by e-mail address: the phone only needs the part before @.
    return user.get_username().split("@")[0]


def config_url(device):
    """The otpauth:// URL: the app lists the account as "Portal Kota Bogor (user name)"."""
    issuer, account = _issuer(), _account_name(device.user)
    params = urlencode({"secret": b32encode(device.bin_key).decode(), "issuer": issuer, "algorithm": "SHA1",
                        "digits": device.digits, "period": device.step}, quote_via=quote)
    return f"otpauth://totp/{quote(issuer)}:{quote(account)}?{params}"


def qr_data_uri(text):
    image = qrcode.make(text, box_size=6, border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    png = io.BytesIO()
    image.save(png, format="PNG")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()


def _show_new_codes(request, device, next_url):
    """The only time the codes are seen: until the person says they kept them, they are sent back
    to make a new set (the plain codes are not kept anywhere)."""
    codes = device.regenerate()
    request.session[CODES_PENDING] = True
    return TemplateResponse(request, "cms/two_factor/recovery_codes_new.html", {
        "codes": codes, "codes_text": "\n".join(codes), "next": next_url})


def setup(request):
    # Enrolling a device is the first step of someone with no device, or a verified session's
    # choice: never a way round the code for someone who only has the password.
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        return HttpResponseRedirect(f"{reverse('cms_2fa:verify')}?next={quote(_next(request))}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or \
        TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("token", WAIT)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            recovery = RecoveryCodeDevice.for_user(request.user)
            if recovery is None:
                recovery = RecoveryCodeDevice.objects.create(user=request.user, name="recovery codes")
                return _show_new_codes(request, recovery, _next(request))
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error("token", WRONG)
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(request, "cms/two_factor/setup.html", {
        "form": form, "qr": qr_data_uri(config_url(device)),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "issuer": _issuer(), "account": _account_name(request.user), "next": _next(request)})


def verify(request):
    recovery = RecoveryCodeDevice.for_user(request.user) if request.user.is_authenticated else None
    use_recovery = "recovery_code" in request.POST
    form = TokenForm(None if use_recovery else (request.POST or None))
    recovery_form = RecoveryForm(request.POST if use_recovery else None)
    if request.method == "POST" and not use_recovery and form.is_valid():
        token = form.cleaned_data["token"]
        devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
        if devices and not any(d.verify_is_allowed()[0] for d in devices):
            form.add_error("token", WAIT)
        else:
            for device in devices:
                if device.verify_token(token):
                    otp_login(request, device)
                    if recovery is None or not recovery.remaining():
                        messages.warning(request, format_html(
                            '{} <a href="{}">{}</a>', _("You have no recovery codes for when you lose your phone."),
                            reverse("cms_2fa:recovery_codes"), _("Make recovery codes")))
                    return HttpResponseRedirect(_next(request))
            form.add_error("token", WRONG)
    elif use_recovery and recovery_form.is_valid():
        if recovery is not None and not recovery.verify_is_allowed()[0]:
            recovery_form.add_error("recovery_code", WAIT_RECOVERY)
        elif recovery is not None and recovery.verify_token(recovery_form.cleaned_data["recovery_code"]):
            otp_login(request, recovery)
            left = recovery.remaining()
            if left <= FEW_LEFT:
                messages.warning(request, format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext("You have %(count)d recovery code left.", "You have %(count)d recovery codes left.",
                             left) % {"count": left},
                    reverse("cms_2fa:recovery_codes"), _("Make a new set")))
            return HttpResponseRedirect(_next(request))
        else:
            recovery_form.add_error("recovery_code", WRONG_RECOVERY)
    return TemplateResponse(request, "cms/two_factor/verify.html", {
        "form": form, "recovery_form": recovery_form, "use_recovery": use_recovery,
        "recovery_left": recovery.remaining() if recovery is not None else 0, "few_left": FEW_LEFT,
        "next": _next(request)})


def recovery_codes(request):
    """See how many codes are left and make a new set (the old ones stop working)."""
    if not request.user.is_verified():
        return HttpResponseForbidden()
    device = RecoveryCodeDevice.for_user(request.user)
    if request.method == "POST":
        if device is None:
            device = RecoveryCodeDevice.objects.create(user=request.user, name="recovery codes")
        return _show_new_codes(request, device, _next(request))
    return TemplateResponse(request, "cms/two_factor/recovery_codes.html", {
        "left": device.remaining() if device is not None else 0, "unsaved": request.session.get(CODES_PENDING),
        "next": _next(request)})


@require_POST
def recovery_codes_saved(request):
    if not request.POST.get("saved"):
        return HttpResponseRedirect(f"{reverse('cms_2fa:recovery_codes')}?next={quote(_next(request))}")
    request.session.pop(CODES_PENDING, None)
    return HttpResponseRedirect(_next(request))


# Resetting a lost authenticator: Diskominfo's job.

RESET_ACTION = "cms.two_factor_reset"


def can_reset(user):
    return user.is_superuser or user.groups.filter(name=DISKOMINFO_GROUP).exists()


def _may_reset(request, person=None):
    # A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
    if not (request.user.is_verified() and can_reset(request.user)):
        return False
    # Resetting oneself would skip the code; a superuser's login is for superusers to reset.
    return person is None or not (person.pk == request.user.pk or (person.is_superuser and not request.user.is_superuser))


def reset_index(request):
    if not _may_reset(request):
        return HttpResponseForbidden()
    User = get_user_model()
    enrolled = User.objects.filter(Q(totpdevice__confirmed=True) | Q(recoverycodedevice__isnull=False)).distinct()
    query = request.GET.get("q", "").strip()
    if query:
        enrolled = enrolled.filter(Q(username__icontains=query) | Q(first_name__icontains=query)
                                   | Q(last_name__icontains=query) | Q(email__icontains=query))
    people = list(enrolled.order_by("first_name", "last_name", "username")[:50])
    return TemplateResponse(request, "cms/two_factor/reset_index.html", {"people": people, "query": query})


def reset(request, user_id):
    person = get_object_or_404(get_user_model(), pk=user_id)
    if not _may_reset(request, person):
        return HttpResponseForbidden()
    if request.method == "POST":
        with transaction.atomic():
            TOTPDevice.objects.filter(user=person).delete()
            RecoveryCodeDevice.objects.filter(user=person).delete()
            log(instance=person, action=RESET_ACTION, user=request.user)
            if person.email:
                transaction.on_commit(lambda: send_two_factor_reset_notice.enqueue(person.pk))
        messages.success(request, _("Two-step login reset for %(name)s. They set it up again at their next login.")
                         % {"name": person.get_full_name() or person.get_username()})
        return HttpResponseRedirect(reverse("cms_2fa:reset_index"))
    return TemplateResponse(request, "cms/two_factor/reset_confirm.html", {
        "person": person, "has_totp": TOTPDevice.objects.filter(user=person, confirmed=True).exists(),
        "recovery": RecoveryCodeDevice.for_user(person)})
