"""Two-factor login (TOTP, django-otp) for everyone who can publish or read complaints.

wagtail-2fa does not import on Wagtail 8, so this is the small part we need: after the normal
Wagtail login, a person who can publish pages (superusers, reviewers, Diskominfo) must enrol an
authenticator app once and then give its 6-digit code in each session before using the admin.
"""

import io
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image
from wagtail.models import GroupPagePermission

from .models import UnitMembership
from .permissions import DESK_GROUP

EXEMPT_PREFIXES = ("/admin/login/", "/admin/logout/", "/admin/password_reset/", "/admin/2fa/", "/admin/jsi18n/",
                   "/admin/sprite/")


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


class TwoFactorMiddleware:
    """Send a publisher who has not given a code this session to enrol or verify."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (path.startswith("/admin/") and not path.startswith(EXEMPT_PREFIXES)
                and needs_two_factor(request.user) and not request.user.is_verified()):
            if request.method != "GET" or "text/html" not in request.headers.get("Accept", "text/html"):
                return HttpResponseForbidden()  # background requests: the page itself leads to the code
            target = "cms_2fa:verify" if user_has_device(request.user, confirmed=True) else "cms_2fa:setup"
            return HttpResponseRedirect(f"{reverse(target)}?next={quote(request.get_full_path())}")
        return self.get_response(request)


WRONG = _("That code is not right. Check the time on your phone and try the newest code.")
WAIT = _("Too many wrong codes: wait a few seconds, then try the newest code.")


class TokenForm(forms.Form):
    token = forms.CharField(label=_("6-digit code"), max_length=8, min_length=6,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("wagtailadmin_home")


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
        elif device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return HttpResponseRedirect(_next(request))
        else:
            form.add_error("token", WRONG)
    svg = io.BytesIO()
    write_qrcode_image(device.config_url, svg)
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return TemplateResponse(request, "cms/two_factor/setup.html", {
        "form": form, "qr_svg": svg.getvalue().decode(), "secret": secret, "next": _next(request)})


def verify(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip()
        devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
        if devices and not any(d.verify_is_allowed()[0] for d in devices):
            form.add_error("token", WAIT)
        else:
            for device in devices:
                if device.verify_token(token):
                    otp_login(request, device)
                    return HttpResponseRedirect(_next(request))
            form.add_error("token", WRONG)
    return TemplateResponse(request, "cms/two_factor/verify.html", {"form": form, "next": _next(request)})
