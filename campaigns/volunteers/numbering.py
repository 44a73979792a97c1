"""Volunteer and certificate numbers: prefix + a serial of five digits, never twice.

The serial is a counter row per prefix (`Serial`), incremented under its row lock in the
caller's transaction: whoever comes second waits for the first to commit, then takes the
next number. A gap appears only when a transaction rolls back after taking a number.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from .models import Serial

WIDTH = 5


def next_number(prefix, model, field="number"):
    """The next free `prefix` + serial for `model`'s `field`. The numbers already issued
    are read once, when the prefix's counter is created, so numbers issued before the
    counter existed are never handed out again. Must run in the transaction that stores
    the number: the counter's lock lasts until it commits."""
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that stores the number")
    while True:
        if Serial.objects.filter(prefix=prefix).update(last=F("last") + 1):
            last = Serial.objects.values_list("last", flat=True).get(prefix=prefix)
            return f"{prefix}{last:0{WIDTH}d}"
        last = _highest(prefix, model, field) + 1
        try:
            with transaction.atomic():
                Serial.objects.create(prefix=prefix, last=last)
        except IntegrityError:  # another transaction created the counter meanwhile: take the next
            continue
        return f"{prefix}{last:0{WIDTH}d}"


def _highest(prefix, model, field):
    numbers = model.objects.filter(**{f"{field}__startswith": prefix}).values_list(field, flat=True)
    serials = [int(number[len(prefix) :]) for number in numbers if number[len(prefix) :].isdigit()]
    return max(serials, default=0)
