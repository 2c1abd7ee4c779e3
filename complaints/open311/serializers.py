"""Open311 representations: services and requests as dicts, then JSON or XML.

Nothing personal is ever put in these dicts: no name, e-mail, phone, description or internal note.
"""

import re
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import places
from ..geo import public_point
from .queries import CLOSED
from .statuses import extended_status

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# What XML 1.0 cannot carry at all, not even escaped: C0 controls but tab, LF and CR; U+FFFE, U+FFFF;
# lone surrogates. One of them (a U+000B pasted from a word processor) would make a whole list unparseable.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# XML element names for the items of a list.
ITEM_TAGS = {"services": "service", "service_requests": "request", "errors": "error", "endpoints": "endpoint",
             "formats": "format", "attributes": "attribute", "service_request_updates": "request_update"}


def service(row):
    """A queries.ServiceRow as an Open311 service."""
    category = row.category
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.help_text,
        "metadata": False,  # no extra attributes: services/<code>.json lists none
        "type": "realtime",
        "keywords": row.keywords,
        "group": row.group,
    }


def service_requests(rows, media_base=None):
    """queries.RequestRows as Open311 requests. Names come already in the request's language.

    This runs for up to 1,000 reports per answer, so everything that is the same for every row (time
    zone, the desk's name in the request's language, the photo URL prefix) is worked out once, and
    times stay datetimes in local time: render() writes them (W3C, to the second) faster than isoformat().
    """
    tz = timezone.get_current_timezone()

    def local(value):  # naive values are UTC (queries.UTCTimestamp)
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(tz) if value else None

    desk = _("The complaint desk (Diskominfo)")
    result = []
    append = result.append
    for row in rows:
        closed = row.status in CLOSED
        if row.external_body and row.status in ("not_authority", "forwarded"):
            agency = row.external_body
        else:
            agency = row.unit or desk
        lat, lon = public_point(row.lat, row.long)
        append({
            "service_request_id": row.code,
            "status": "closed" if closed else "open",
            # The outcome, for clients that tell fixed from forwarded (statuses.py).
            "extended_status": extended_status(row.status, row.rejected_reason),
            "external_status_code": row.status,
            "status_notes": row.notes or "",
            "service_name": row.service_name,
            "service_code": row.service_code,
            "agency_responsible": agency,
            "service_notice": "",
            "requested_datetime": local(row.created),
            "updated_datetime": local(row.updated),
            "expected_datetime": None if closed else local(row.due),
            # The citizen's own words for the place ("in front of Pak Budi's house") and a "use my
            # location" point can name or locate a person: publish the kelurahan and kecamatan (from
            # the point when none was given) and a point rounded to about 100 m, enough to map and
            # group reports. Officers see the exact place.
            "address": places.public_address(row.kelurahan, row.kecamatan, row.lat, row.long),
            "address_id": None,
            "zipcode": None,
            "lat": lat,
            "long": lon,
            "media_url": f"{media_base}{row.photo}/" if row.photo and media_base else None,
        })
    return result


def _xml_value(element, value):
    if isinstance(value, dict):
        for key, child in value.items():
            _xml_value(ET.SubElement(element, key), child)
    elif isinstance(value, list):
        tag = ITEM_TAGS.get(element.tag, "item")
        for child in value:
            _xml_value(ET.SubElement(element, tag), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, datetime):
        element.text = value.isoformat(timespec="seconds")
    elif value is not None:
        element.text = xml_text(str(value))


def xml_text(text):
    """`text` without the characters XML 1.0 forbids: every text of every XML answer goes through here."""
    return XML_FORBIDDEN.sub("", text)


_json_default = DjangoJSONEncoder().default


def render(data, fmt, root, status=200):
    """`data` as JSON, or as XML under a `root` element (Open311 names: services, service_requests, errors...)."""
    if fmt == "xml":
        element = ET.Element(root)
        _xml_value(element, data)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8", xml_declaration=False)
    else:
        # Datetimes as W3C date-times to the second, like isoformat(timespec="seconds"); lazy texts through Django.
        body = orjson.dumps(data, default=_json_default, option=orjson.OPT_OMIT_MICROSECONDS)
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def errors(fmt, status, *descriptions):
    return render([{"code": status, "description": str(d)} for d in descriptions], fmt, "errors", status=status)
