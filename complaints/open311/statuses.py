"""Our states in FixMyStreet's extended status vocabulary (the mySociety Open311 extension).

Open311 itself knows only open/closed, and FixMyStreet reads a plain "closed" as "fixed": a rejected,
forwarded or merged report would be shown as mended. FixMyStreet reads `status` of a service request
update through its map_state (case and underscores do not matter: FIXED, fixed and "fixed" are one),
and keeps `external_status_code` as a finer code of the server's own; we send our state there.
"""

from ..models import Complaint

S = Complaint.Status

# The one table: every state of ours -> FixMyStreet's word for it (lower case, as mySociety's Open311
# endpoints write them). Unscreened and verified reports are "open" (FixMyStreet: confirmed). A closed
# report was resolved first (close only follows resolve), so it stays fixed: FixMyStreet's own
# "closed" is a not-fixed ending. Reopened goes back to open, which FixMyStreet applies as a state.
EXTENDED_STATUS = {
    S.RECEIVED: "open",
    S.AWAITING_VERIFICATION: "open",
    S.VERIFIED: "open",
    S.DISPATCHED: "action_scheduled",
    S.IN_PROGRESS: "in_progress",
    S.RESOLVED: "fixed",
    S.CLOSED: "fixed",
    S.REJECTED: "no_further_action",
    S.NOT_AUTHORITY: "not_councils_responsibility",
    S.FORWARDED: "not_councils_responsibility",
    S.REOPENED: "open",
    S.MERGED: "duplicate",
}
# A rejection says more by its reason (workflow.REJECT_REASONS); spam is never published at all.
REJECTED_BY_REASON = {"duplicate": "duplicate", "insufficient": "no_further_action", "spam": "no_further_action"}

# Every word we may send, for the OpenAPI description.
VOCABULARY = sorted(set(EXTENDED_STATUS.values()) | set(REJECTED_BY_REASON.values()))


def extended_status(state, rejected_reason=""):
    """FixMyStreet's status word for one of our states."""
    if state == S.REJECTED and rejected_reason in REJECTED_BY_REASON:
        return REJECTED_BY_REASON[rejected_reason]
    return EXTENDED_STATUS.get(state, "open")
