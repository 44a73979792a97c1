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
from .certificates import confirmed_record, issue_certificate, issuing_township
from .common import (
    CHECKOUT_GRACE,
    NO_SHOW_AFTER,
    OFFER_SALT,
    OFFER_WINDOW,
    OFFERS_STOP_BEFORE_START,
    POOL_KIND,
    QUALIFICATION_WARNING_DAYS,
    Refused,
    listing_changed,
)
from .events import cancel_event, create_shift, update_shift
from .figures import by_township, confirmed_hours, volunteers_active, volunteers_registered
from .hours import (
    check_in,
    check_out,
    compute_hours,
    confirm_hours,
    find_by_code,
    flag_missing_checkouts,
    mark_no_shows,
)
from .reminders import send_day_before_reminders, warn_expiring_qualifications
from .signups import (
    OFFER,
    ORGANISER_ADD,
    SIGN_UP,
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

__all__ = [
    "Applicant",
    "CHECKOUT_GRACE",
    "NO_SHOW_AFTER",
    "OFFER",
    "OFFERS_STOP_BEFORE_START",
    "OFFER_SALT",
    "OFFER_WINDOW",
    "ORGANISER_ADD",
    "POOL_KIND",
    "QUALIFICATION_WARNING_DAYS",
    "Refused",
    "SIGN_UP",
    "ShiftClaims",
    "add_by_organiser",
    "approve",
    "by_township",
    "cancel",
    "cancel_event",
    "check_eligible",
    "check_in",
    "check_out",
    "compute_hours",
    "confirm_hours",
    "confirm_offer",
    "confirmed_hours",
    "confirmed_record",
    "create_shift",
    "decline_offer",
    "delete_account",
    "find_by_code",
    "flag_missing_checkouts",
    "forget",
    "issue_certificate",
    "issuing_township",
    "listing_changed",
    "mark_no_shows",
    "next_volunteer_number",
    "offer_token",
    "register",
    "send_day_before_reminders",
    "set_identity",
    "sign_up",
    "signup_from_token",
    "update_shift",
    "volunteers_active",
    "volunteers_registered",
    "warn_expiring_qualifications",
]
