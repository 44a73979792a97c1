"""Everything that changes volunteers' places, hours and records, one transaction each.

Places are the capacity service's (outreach.capacity): a sign-up claims one place of its
shift's pool, or waits for one. `ShiftClaims`, this app's handler in that service, runs the
same eligibility rules on every way into a place (sign-up, organiser's add, confirming an
offer) inside capacity's transaction. Lock order: the shift's pool, then the volunteer's
row (so two sign-ups of one person cannot both pass the overlap check), then the sign-up.

The package is split by concern; `from campaigns.volunteers import services` keeps every
name it always had.
"""

from .accounts import delete_account, forget, next_volunteer_number, register, set_identity
from .certificates import confirmed_record, issue_certificate, issuing_township, request_certificate
from .common import (
    CHECKOUT_GRACE,
    OFFER_SALT,
    POOL_KIND,
    Refused,
    listing_changed,
    rules,
)
from .events import (
    cancel_event,
    cancel_shift,
    copy_event,
    copy_shift,
    create_shift,
    delete_shift,
    message_volunteers,
    repeat_weekly,
    sent_messages,
    update_shift,
)
from .figures import by_township, confirmed_hours, volunteers_active, volunteers_registered
from .hours import (
    CHECK_IN_UNDO_ACTION,
    CHECK_OUT_UNDO_ACTION,
    HOURS_CONFIRM_ACTION,
    HOURS_CORRECT_ACTION,
    check_in,
    check_out,
    compute_hours,
    confirm_hours,
    correct_hours,
    find_by_code,
    flag_missing_checkouts,
    mark_no_shows,
    undo_check,
)
from .reminders import send_day_before_reminders, warn_expiring_qualifications
from .signups import (
    OFFER,
    ORGANISER_ADD,
    SIGN_UP,
    WALK_IN,
    Applicant,
    ShiftClaims,
    add_by_organiser,
    approve,
    cancel,
    check_eligible,
    confirm_offer,
    decline_offer,
    offer_token,
    sign_up,
    signup_from_token,
)
from .walkins import registered, sign_in_on_the_spot, walk_in

__all__ = [
    "CHECK_IN_UNDO_ACTION",
    "CHECK_OUT_UNDO_ACTION",
    "HOURS_CONFIRM_ACTION",
    "HOURS_CORRECT_ACTION",
    "Applicant",
    "CHECKOUT_GRACE",
    "OFFER",
    "OFFER_SALT",
    "ORGANISER_ADD",
    "POOL_KIND",
    "Refused",
    "SIGN_UP",
    "ShiftClaims",
    "WALK_IN",
    "add_by_organiser",
    "approve",
    "by_township",
    "cancel",
    "cancel_event",
    "cancel_shift",
    "check_eligible",
    "check_in",
    "check_out",
    "compute_hours",
    "confirm_hours",
    "confirm_offer",
    "confirmed_hours",
    "confirmed_record",
    "copy_event",
    "copy_shift",
    "correct_hours",
    "create_shift",
    "decline_offer",
    "delete_account",
    "delete_shift",
    "find_by_code",
    "flag_missing_checkouts",
    "forget",
    "issue_certificate",
    "issuing_township",
    "listing_changed",
    "mark_no_shows",
    "message_volunteers",
    "next_volunteer_number",
    "offer_token",
    "register",
    "request_certificate",
    "registered",
    "repeat_weekly",
    "rules",
    "send_day_before_reminders",
    "sent_messages",
    "set_identity",
    "sign_in_on_the_spot",
    "sign_up",
    "signup_from_token",
    "undo_check",
    "update_shift",
    "volunteers_active",
    "volunteers_registered",
    "walk_in",
    "warn_expiring_qualifications",
]
