"""Open311 representations: services and requests as dicts, then JSON or XML.

Nothing personal is ever put in these dicts: no name, e-mail, phone, description or internal note.
"""

import json
from xml.etree import ElementTree as ET

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..filters import CLOSED_STATES

# Our states seen from outside: done for the city (or merged into another report) is "closed".
CLOSED = frozenset({*CLOSED_STATES, "merged"})

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML element names for the items of a list.
ITEM_TAGS = {"services": "service", "service_requests": "request", "errors": "error", "endpoints": "endpoint",
             "formats": "format", "attributes": "attribute"}


def w3c(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def open_or_closed(status):
    return "closed" if status in CLOSED else "open"


def service(category, group=None, keywords=""):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.help_text,
        "metadata": False,  # no extra attributes: services/<code>.json lists none
        "type": "realtime",
        "keywords": keywords,
        "group": group or "",
    }


def service_request(complaint, media_base=None):
    """A complaint as an Open311 request. `complaint` comes from views.request_queryset()."""
    if complaint.status in ("not_authority", "forwarded") and complaint.external_body_id:
        agency = complaint.external_body.name
    elif complaint.unit_id:
        agency = complaint.unit.name
    else:
        agency = _("The complaint desk (Diskominfo)")
    status = open_or_closed(complaint.status)
    photo = getattr(complaint, "open311_photo", None)
    address = complaint.address or (complaint.kelurahan.short_name or complaint.kelurahan.name
                                     if complaint.kelurahan_id else "")
    return {
        "service_request_id": complaint.tracking_code,
        "status": status,
        "status_notes": getattr(complaint, "open311_notes", None) or "",
        "service_name": complaint.category.name,
        "service_code": complaint.category.code,
        "agency_responsible": agency,
        "service_notice": "",
        "requested_datetime": w3c(complaint.created_at),
        "updated_datetime": w3c(complaint.updated_at),
        "expected_datetime": w3c(complaint.due_at) if status == "open" else None,
        "address": address,
        "address_id": None,
        "zipcode": None,
        "lat": float(complaint.latitude) if complaint.latitude is not None else None,
        "long": float(complaint.longitude) if complaint.longitude is not None else None,
        "media_url": f"{media_base}{photo}/" if photo and media_base else None,
    }


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
    elif value is not None:
        element.text = str(value)


def render(data, fmt, root, status=200):
    """`data` as JSON, or as XML under a `root` element (Open311 names: services, service_requests, errors...)."""
    if fmt == "xml":
        element = ET.Element(root)
        _xml_value(element, data)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8", xml_declaration=False)
    else:
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)


def errors(fmt, status, *descriptions):
    return render([{"code": status, "description": str(d)} for d in descriptions], fmt, "errors", status=status)
