"""Log lines carry the request's id and never a tracking code, an e-mailed link's token or an api_key."""

import io
import json
import logging
import logging.config
import re

import pytest
from django.conf import settings

from cms.observability import logging_config
from complaints.models import Complaint

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """The production logging (LOG_FORMAT=json) writing into a buffer; the test settings' logging afterwards."""
    stream = io.StringIO()
    config = logging_config("json", "INFO")
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def test_every_line_has_the_request_id_and_no_code_or_token(client, form_data, json_log):
    sent = client.post("/id/pengaduan/", form_data(), HTTP_X_REQUEST_ID="lb-7f3a9c")
    code = Complaint.objects.get().tracking_code
    assert sent["X-Request-ID"] == "lb-7f3a9c"
    tracked = client.get(f"/id/pengaduan/lacak/{code}/")
    client.get(f"/en/complaints/survey/{'t' * 40}/")
    client.get(f"/api/open311/v2/requests/{code}.json?api_key=rahasia-klien")
    lines = json_log()
    access = [line for line in lines if line["logger"] == "cms.access"]
    assert len(access) == 4
    assert access[0]["request_id"] == "lb-7f3a9c" and access[0]["status"] == 302
    generated = access[1]["request_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated) and tracked["X-Request-ID"] == generated
    assert access[1]["path"] == "/id/pengaduan/lacak/[redacted]/"
    assert access[3]["path"] == "/api/open311/v2/requests/[redacted]?api_key=[redacted]"
    everything = json.dumps(lines)
    for secret in (code, "t" * 40, "rahasia-klien"):
        assert secret not in everything
    assert all(line["level"] and line["time"] for line in lines)


def test_an_error_logged_during_a_request_is_scrubbed_and_tagged(rf, json_log):
    from cms.observability import RequestIdMiddleware

    def view(request):
        try:
            raise ValueError(f"no report at {request.path}")
        except ValueError:
            logging.getLogger("complaints").exception("lookup failed for %s", request.path)
        return __import__("django.http").http.HttpResponse("ok")

    request = rf.get("/en/complaints/track/ABCDEFGHJK/", HTTP_X_REQUEST_ID="bad id\nforged line")
    response = RequestIdMiddleware(view)(request)
    error = next(line for line in json_log() if line["logger"] == "complaints")
    assert error["request_id"] == response["X-Request-ID"] != "bad id\nforged line"
    assert "ABCDEFGHJK" not in json.dumps(error) and "ValueError" in error["exc_info"]


def test_django_s_own_request_logs_are_scrubbed_too(json_log):
    """runserver and Django's request logger quote the path of a 404: it goes through the same scrubbing."""
    logging.getLogger("django.server").warning('"%s" %s %s', "GET /en/complaints/track/ABCDEFGHJK/ HTTP/1.1", 404, 10)
    logging.getLogger("django.request").error("Internal Server Error: %s", "/id/pengaduan/survei/TokenTokenTokenToken1/")
    lines = json_log()
    assert [line["logger"] for line in lines] == ["django.server", "django.request"]
    assert "ABCDEFGHJK" not in json.dumps(lines) and "TokenTokenTokenToken1" not in json.dumps(lines)
