"""The OpenAPI 3.0 description of the Open311 API, written by hand (the API is small and fixed by the standard)."""

from ..models import Complaint
from .statuses import VOCABULARY

ERRORS = {"type": "array", "items": {"type": "object", "required": ["code", "description"], "properties": {
    "code": {"type": "integer"}, "description": {"type": "string"}}}}
NULLABLE_STRING = {"type": "string", "nullable": True}
REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "service_name", "requested_datetime"],
    "additionalProperties": False,
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": {"type": "string", "description": "The last public message on the report."},
        "service_name": {"type": "string"},
        "service_code": {"type": "string"},
        "agency_responsible": {"type": "string"},
        "service_notice": {"type": "string"},
        "requested_datetime": {"type": "string", "format": "date-time"},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "expected_datetime": {"type": "string", "format": "date-time", "nullable": True,
                              "description": "The current deadline of an open report."},
        "address": {"type": "string", "nullable": True,
                    "description": "The kelurahan and its kecamatan, e.g. \"Paledang, Bogor Tengah\"; taken from the "
                                   "point when the report named none (\"Kabupaten Bogor\" for a point there). Null "
                                   "only for a report with neither. The reporter's own description of the place, "
                                   "a street or house number and the exact point are never published."},
        "address_id": NULLABLE_STRING,
        "zipcode": NULLABLE_STRING,
        "lat": {"type": "number", "nullable": True, "description": "Rounded to three decimals (about 100 m)."},
        "long": {"type": "number", "nullable": True, "description": "Rounded to three decimals (about 100 m)."},
        "media_url": {"type": "string", "format": "uri", "nullable": True,
                      "description": "The report's first photo, as an absolute URL served by this site (re-encoded, "
                                     "without EXIF or location data). Null without a photo. A link a client sent "
                                     "with the report is never published."},
        "extended_status": {"type": "string", "enum": VOCABULARY, "description": (
            "The outcome in FixMyStreet's extended status vocabulary (mySociety's Open311 extensions), so a "
            "client can tell fixed from not the city's responsibility, duplicate or no further action.")},
        "external_status_code": {"type": "string", "enum": sorted(Complaint.Status.values),
                                 "description": "Our own state of the report, finer than extended_status."},
    },
}
UPDATE = {
    "type": "object",
    "required": ["update_id", "service_request_id", "status", "updated_datetime", "description"],
    "additionalProperties": False,
    "properties": {
        "update_id": {"type": "string"},
        "service_request_id": {"type": "string"},
        "status": {"type": "string", "enum": VOCABULARY,
                   "description": "The report's status after this step, in FixMyStreet's extended vocabulary."},
        "updated_datetime": {"type": "string", "format": "date-time"},
        "description": {"type": "string", "description": "The public message of this step."},
        "media_url": {"type": "string", "format": "uri", "nullable": True},
        "external_status_code": {"type": "string", "enum": sorted(Complaint.Status.values),
                                 "description": "Our own state after this step."},
    },
}
SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "additionalProperties": False,
    "properties": {
        "service_code": {"type": "string"}, "service_name": {"type": "string"}, "description": {"type": "string"},
        "metadata": {"type": "boolean"}, "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": {"type": "string", "description": "Comma separated."}, "group": {"type": "string"},
    },
}
FORMAT = {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "enum": ["json"]},
          "description": "json (shown here) or xml (the same fields as XML elements)."}
LOCALE = {"name": "locale", "in": "query", "required": False, "schema": {"type": "string"},
          "description": "Language of service names and messages (id or en, e.g. en_US); other or no locale: "
                         "Accept-Language, else Indonesian."}
# open, closed or both, comma separated, in any case, spaces and empty items allowed (views.py reads it with this).
_STATUS_WORD = "(?:[Oo][Pp][Ee][Nn]|[Cc][Ll][Oo][Ss][Ee][Dd])"
STATUS_PATTERN = rf"^(?:\s*,)*\s*{_STATUS_WORD}\s*(?:,\s*(?:{_STATUS_WORD}\s*)?)*$"
DATE = {"type": "string", "description": "A W3C date-time (2026-01-31T08:00:00+07:00) or a date (2026-01-31)."}


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description):
    return _json({"$ref": "#/components/schemas/Errors"}, description)


def _with_404(paths):
    """Every address answers 404 in Open311 format for an unknown format or object."""
    for operations in paths.values():
        for operation in operations.values():
            operation["responses"].setdefault("404", _error("Unknown address, format or object."))
    return paths


API_KEY = {"name": "api_key", "in": "query", "required": False, "schema": {"type": "string"},
           "description": "The client's key. Needed to send (here or in the body); on reads optional, and a "
                          "wrong one is ignored; with its own key a client also sees the reports it sent that "
                          "the desk has not screened yet."}


def _with_key_and_head(paths):
    """Every operation takes api_key in the query string and may answer 413 to an oversize body; every
    GET also answers HEAD (the same status and headers, no body)."""
    for operations in paths.values():
        for operation in operations.values():
            operation["parameters"].append(API_KEY)
            operation["responses"].setdefault("413", _error("The request body is over the size or field limit."))
        if "get" in operations:
            get = operations["get"]
            operations["head"] = {
                "operationId": f"{get['operationId']}_head", "parameters": get["parameters"],
                "responses": {status: {"description": response["description"]}
                              for status, response in get["responses"].items()}}
    return paths


def _updates_paths():
    """Service request updates, the GeoReport v2 extension FixMyStreet uses (see updates.py)."""
    created = {"type": "array", "items": {"type": "object", "required": ["update_id"],
                                          "properties": {"update_id": {"type": "string"}}}}
    return {"/servicerequestupdates.{format}": {
        "get": {
            "operationId": "list_updates",
            "description": "The public steps of reports that lists show (a report's timeline, without internal "
                           "notes), oldest first, at most 1,000; by default the last 90 days. XML: "
                           "<service_request_updates><request_update>...",
            "parameters": [FORMAT, {"name": "start_date", "in": "query", "schema": DATE},
                           {"name": "end_date", "in": "query", "schema": DATE}],
            "responses": {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/ServiceRequestUpdate"}},
                                       "Updates made within the period."),
                          "400": _error("A parameter could not be read.")}},
        "post": {
            "operationId": "create_update",
            "description": "A citizen's comment on a report, forwarded by a client system. It is a note for the "
                           "complaint desk, not published: the desk decides what to answer in public. status is "
                           "the report's status at the client (OPEN, CLOSED, FIXED...), for the desk; media_url is "
                           "kept as a link for the desk, never fetched or published; the name, e-mail and phone "
                           "are personal data, never published. A comment sent again with the same update_id "
                           "gets the same answer (200).",
            "parameters": [FORMAT],
            "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "required": ["api_key", "service_request_id", "description"],
                "properties": {
                    "api_key": {"type": "string"},
                    "service_request_id": {"type": "string"},
                    "description": {"type": "string", "minLength": 1, "maxLength": 4000},
                    "status": {"type": "string", "pattern": "^[A-Za-z][A-Za-z _-]{0,39}$"},
                    "media_url": {"type": "string", "format": "uri", "maxLength": 500},
                    "updated_datetime": DATE,
                    "update_id": {"type": "string", "maxLength": 100,
                                  "description": "The client's own id for the comment."},
                    "first_name": {"type": "string", "maxLength": 60},
                    "last_name": {"type": "string", "maxLength": 60},
                    "email": {"type": "string", "format": "email"},
                    "phone": {"type": "string", "maxLength": 40},
                }}}}},
            "responses": {
                "201": _json(created, "The comment is on the report's timeline for the complaint desk."),
                "200": _json(created, "This update_id was already received: the same update."),
                "400": _error("The comment is incomplete or invalid; each problem is listed."),
                "403": _error("The api_key is missing, unknown or revoked."),
                "404": _error("No service request with this id."),
            }},
    }}


def description(server_url):
    requests_list = {"type": "array", "items": {"$ref": "#/components/schemas/ServiceRequest"}}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kota Bogor Open311 GeoReport v2",
            "version": "2.0",
            "description": (
                "Citizen reports of Kota Bogor (http://wiki.open311.org/GeoReport_v2). Reading is public and shows "
                "no personal data and no confidential report; lists show reports the complaint desk has screened. "
                "Sending needs an api_key from the complaint desk; by sending, the client confirms that the citizen "
                "agreed to the privacy notice. Without e-mail or phone the report is anonymous."),
        },
        "servers": [{"url": server_url}],
        "paths": _with_key_and_head(_with_404({
            "/discovery.{format}": {"get": {
                "operationId": "discovery", "parameters": [FORMAT],
                "responses": {"200": _json({"type": "object", "required": ["endpoints"]}, "Endpoints of this API.")}}},
            "/services.{format}": {"get": {
                "operationId": "services", "parameters": [FORMAT, LOCALE],
                "responses": {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Service"}},
                                           "One service per complaint category.")}}},
            "/services/{service_code}.{format}": {"get": {
                "operationId": "service_definition",
                "parameters": [{"name": "service_code", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}}, FORMAT, LOCALE],
                "responses": {
                    "200": _json({"type": "object", "required": ["service_code", "attributes"],
                                  "properties": {"service_code": {"type": "string"},
                                                 "attributes": {"type": "array", "maxItems": 0}}},
                                 "No extra attributes."),
                    "404": _error("No such service."),
                }}},
            "/requests.{format}": {
                "get": {
                    "operationId": "list_requests",
                    "parameters": [
                        FORMAT, LOCALE,
                        {"name": "service_request_id", "in": "query", "schema": {"type": "string"},
                         "description": "Comma separated ids, at most 50; the other parameters are then ignored "
                                        "(but must be well-formed). Only reports the desk has screened, as in "
                                        "lists; lookups by id are limited per address."},
                        {"name": "service_code", "in": "query", "schema": {"type": "string"},
                         "description": "Comma separated service codes."},
                        {"name": "start_date", "in": "query", "schema": DATE},
                        {"name": "end_date", "in": "query", "schema": DATE},
                        {"name": "status", "in": "query", "schema": {"type": "string", "pattern": STATUS_PATTERN},
                         "description": "open, closed or open,closed."},
                        {"name": "updated_after", "in": "query", "schema": DATE,
                         "description": "Only reports whose updated_datetime (their last public step: verified, "
                                        "answered, resolved...) is at or after this; oldest change first. Without "
                                        "start_date, reports of any age. " + DATE["description"]},
                        {"name": "updated_before", "in": "query", "schema": DATE,
                         "description": "Only reports whose updated_datetime is at or before this. "
                                        + DATE["description"]},
                    ],
                    "responses": {"200": _json(requests_list, "At most 1,000 requests; by default the last 90 days "
                                                              "(of arrival, or of change with updated_after)."),
                                  "400": _error("A parameter could not be read, or more than 50 ids."),
                                  "429": _error("Too many lookups by id from this address.")}},
                "post": {
                    "operationId": "create_request",
                    "parameters": [FORMAT, LOCALE],
                    "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
                        "type": "object",
                        "required": ["service_code", "description"],
                        "properties": {
                            "api_key": {"type": "string", "description": "Here or in the query string."},
                            "service_code": {"type": "string"},
                            "lat": {"type": "number", "minimum": -90, "maximum": 90,
                                    "description": "With long: a point more than 20 km from Kota Bogor (and not in "
                                                   "Kabupaten Bogor) is refused with 400."},
                            "long": {"type": "number", "minimum": -180, "maximum": 180},
                            "address_string": {"type": "string", "maxLength": 255},
                            "description": {"type": "string", "minLength": 10, "maxLength": 4000},
                            "media_url": {"type": "string", "format": "uri", "maxLength": 500},
                            "email": {"type": "string", "format": "email"},
                            "first_name": {"type": "string"},
                            "last_name": {"type": "string"},
                            "phone": {"type": "string",
                                      "description": "A number that cannot be read is left out (service_notice)."},
                            "device_id": {"type": "string", "maxLength": 200,
                                          "description": "Tells the app's users apart: the same report from the "
                                                         "same device (or e-mail, or phone) at the same place "
                                                         "soon after is a resend."},
                        },
                        "description": "Give lat and long (any number of decimals; stored to six), or "
                                       "address_string (or both). Sent as multipart/form-data, the request may "
                                       "carry up to 3 photos as `media` files (JPEG, PNG, WebP or HEIC, 10 MB "
                                       "each; re-encoded without metadata). When they cannot be stored the "
                                       "answer is 503 with Retry-After and nothing is saved."}}}},
                    "responses": {
                        "201": _json({"$ref": "#/components/schemas/Created"}, "The report was created."),
                        "200": _json({"$ref": "#/components/schemas/Created"},
                                     "The same reporter already sent this report from this place in the last "
                                     "minutes (its id again); or, with an e-mail address, the same words were "
                                     "reported nearby and screened: the id is that report's, which this person "
                                     "now follows (service_notice says so)."),
                        "400": _error("The report is incomplete or invalid; each problem is listed."),
                        "403": _error("The api_key is missing, unknown or revoked."),
                        "429": _error("Too many reports from this key or this person in the past hour."),
                    }},
            },
            **_updates_paths(),
            "/requests/{service_request_id}.{format}": {"get": {
                "operationId": "get_request",
                "parameters": [{"name": "service_request_id", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"}}, FORMAT, LOCALE],
                "responses": {"200": _json(requests_list, "The request, as a list of one (once screened by the desk)."),
                              "404": _error("No public request with this id."),
                              "429": _error("Too many lookups by id from this address.")}}},
        })),
        "components": {"schemas": {
            "Errors": ERRORS,
            "Service": SERVICE,
            "ServiceRequest": REQUEST,
            "ServiceRequestUpdate": UPDATE,
            "Created": {"type": "array", "items": {"type": "object", "required": ["service_request_id"], "properties": {
                "service_request_id": {"type": "string"}, "service_notice": {"type": "string"},
                "account_id": NULLABLE_STRING}}},
        }},
    }
