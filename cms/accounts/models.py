"""One-time recovery codes: the way into the admin when the phone with the authenticator is lost.

A django-otp device, so a recovery code logs in with `django_otp.login` and `is_verified()` holds
like after a 6-digit code. Only keyed hashes are stored (HMAC-SHA256 with a random salt per code and
the site's secret key as pepper): a copy of the database alone does not give the codes away. The
codes are long and random, so a fast hash is enough and checking ten of them costs nothing.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models, transaction
from django.utils.crypto import constant_time_compare
from django_otp.models import Device, ThrottlingMixin

COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed by hand.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 10  # about 50 bits each


def normalise(code):
    return "".join(ch for ch in str(code).lower() if ch.isalnum())


def display(code):
    return f"{code[:5]}-{code[5:]}"


def _digest(salt, code, secret):
    return hmac.new(f"{secret}:cms.recovery-code".encode(), f"{salt}:{code}".encode(), hashlib.sha256).hexdigest()


def make_hash(code):
    salt = secrets.token_hex(16)
    return f"{salt}${_digest(salt, normalise(code), settings.SECRET_KEY)}"


def check_hash(code, stored):
    salt, _, digest = stored.partition("$")
    code = normalise(code)
    # Codes made before a key rotation still work while the old key is among the fallbacks.
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(constant_time_compare(_digest(salt, code, key), digest) for key in keys)


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A person's set of recovery codes (one device per person, its codes in RecoveryCode)."""

    class Meta:
        db_table = "cms_recoverycodedevice"  # made while the model was in the cms app
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    def remaining(self):
        return self.codes.count()

    @transaction.atomic
    def regenerate(self):
        """A new set replaces the old one; returns the plain codes, which are never stored."""
        plain = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(RecoveryCode(device=self, hashed=make_hash(c)) for c in plain)
        return [display(c) for c in plain]

    def verify_token(self, token):
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        match = next((row for row in self.codes.all() if check_hash(token, row.hashed)), None)
        # The delete decides: of two requests with the same code, only one deletes the row.
        if match is not None and RecoveryCode.objects.filter(pk=match.pk).delete()[0]:
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False

    @classmethod
    def for_user(cls, user):
        return cls.objects.filter(user=user, confirmed=True).first()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    hashed = models.CharField(max_length=128)

    class Meta:
        db_table = "cms_recoverycode"

    def __str__(self):
        return "recovery code"  # never the code or its hash
