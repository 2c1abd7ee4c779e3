"""Citizen complaints: categories, complaints and their timeline, supporters, photos, links, the
outbox, routing rules, and the page with the form (last: it is the only one that knows the web).

Every model is importable from here (`from complaints.models import Complaint`), as migrations expect.
"""

from ..machine_translation import ComplaintTranslation
from ..open311.models import ApiClient, ApiRequestLog, ForwardedComment
from .category import Category
from .complaint import (
                        CODE_ALPHABET,
                        CODE_LENGTH,
                        SPAM,
                        Complaint,
                        ComplaintEvent,
                        ComplaintQuerySet,
                        SurveyResponse,
                        new_tracking_code,
                        normalise_code,
)
from .history import ComplaintLogEntry
from .outbox import OutboundEmail
from .page import ComplaintFormPage
from .photos import ComplaintPhoto, PendingUpload, photo_path, private_storage
from .routing_rules import AuthorityRule, ResponseTemplate, RoutingRule
from .supporters import Supporter
from .tokens import ComplaintToken

__all__ = [
    "ApiClient", "ApiRequestLog", "AuthorityRule", "CODE_ALPHABET", "CODE_LENGTH", "Category", "Complaint",
    "ComplaintEvent", "ComplaintFormPage", "ComplaintLogEntry", "ComplaintPhoto", "ComplaintQuerySet", "ComplaintToken",
    "ComplaintTranslation", "ForwardedComment", "OutboundEmail", "PendingUpload", "ResponseTemplate", "RoutingRule", "SPAM",
    "Supporter",
    "SurveyResponse", "new_tracking_code", "normalise_code", "photo_path", "private_storage",
]
