"""Behind two proxies, the hourly report limit counts each citizen, not the proxy (nor a forged address)."""

import pytest

from complaints.models import Complaint

pytestmark = pytest.mark.django_db
FORM = "/en/complaints/"


def test_citizens_behind_two_proxies_each_have_their_own_limit(client, form_data, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    settings.COMPLAINT_RATE_LIMIT_PER_HOUR = 1

    def send(citizen, n, forged=None):
        forwarded = ", ".join(filter(None, [forged, citizen, "10.0.0.1"]))
        return client.post(FORM, form_data(email=f"warga{n}@contoh.id"), REMOTE_ADDR="10.0.0.2",
                           HTTP_X_FORWARDED_FOR=forwarded)

    assert [send(f"198.51.100.{n}", n).status_code for n in range(1, 4)] == [302, 302, 302]
    # The first citizen again, this time with someone else's address forged in front: still the first citizen.
    assert send("198.51.100.1", 9, forged="203.0.113.77").status_code == 429
    assert Complaint.objects.count() == 3
