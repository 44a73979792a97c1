"""Everything that changes a booking or a slot, each one transaction.

Places are claimed, released, resized and offered only through outreach.capacity, under
the slot pool's row lock; the booking's own record and its messages (outreach.notify)
change inside the same transaction, so a rolled-back change announces nothing and a
message is never sent twice. Views call these; nothing here imports a view.

    rules     which slot can be booked now and why not, what group is acceptable
    pattern   the stored weekly pattern and the coming weeks that follow it
    slots     making slots, changing their size, calling them off (one slot or a day)
    bookings  a group's booking from the form to the door
    offers    the base's handler in the capacity service; answers to an offer
    messages  the group's and the staff's messages (outbox)
    jobs      scheduled work
    calendar  working days (holidays and make-up days)
"""

from .bookings import (
    approve,
    approve_many,
    book,
    book_on_behalf,
    cancel,
    cancel_on_behalf,
    change,
    check_in,
    issue_submit_token,
    mark_no_show,
    move,
    previous_no_shows,
    rebook,
    refuse,
    resize,
    submit_key,
    undo_check_in,
)
from .core import FORM_FIELDS, POOL_KIND, BookingError, SlotFull, audit, availability, changed
from .jobs import mark_no_shows, send_day_before_reminders
from .messages import alert_staff, message, private_url
from .offers import VisitClaims, confirm_offer, decline_offer, expire_offers
from .pattern import apply_pattern, check_row, delete_pattern_row, save_pattern_row
from .rules import (
    SlotOffer,
    can_change,
    change_deadline,
    earliest_day,
    group_problems,
    pending_overdue_before,
    slot_offer,
    slot_offers,
    slot_problem,
)
from .slots import (
    MAX_SLOT_PERSONS,
    add_one_off_slot,
    apply_rules_to_open_slots,
    call_off,
    call_off_slots,
    check_slot_persons,
    close_day,
    create_slot,
    generate_slots,
    rebook_slots,
    set_capacity,
)

__all__ = [
    "FORM_FIELDS",
    "MAX_SLOT_PERSONS",
    "POOL_KIND",
    "BookingError",
    "SlotFull",
    "SlotOffer",
    "VisitClaims",
    "add_one_off_slot",
    "alert_staff",
    "apply_pattern",
    "apply_rules_to_open_slots",
    "approve",
    "approve_many",
    "audit",
    "availability",
    "book",
    "book_on_behalf",
    "call_off",
    "call_off_slots",
    "can_change",
    "cancel",
    "cancel_on_behalf",
    "change",
    "change_deadline",
    "changed",
    "check_in",
    "check_row",
    "check_slot_persons",
    "close_day",
    "confirm_offer",
    "create_slot",
    "decline_offer",
    "delete_pattern_row",
    "earliest_day",
    "expire_offers",
    "generate_slots",
    "group_problems",
    "issue_submit_token",
    "mark_no_show",
    "mark_no_shows",
    "message",
    "move",
    "pending_overdue_before",
    "previous_no_shows",
    "private_url",
    "rebook",
    "rebook_slots",
    "refuse",
    "resize",
    "save_pattern_row",
    "send_day_before_reminders",
    "set_capacity",
    "slot_offer",
    "slot_offers",
    "slot_problem",
    "submit_key",
    "undo_check_in",
]
