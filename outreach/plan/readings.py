"""The public pages' figures, read by the worker rather than by every visitor.

Reading every source is most of what the public dashboard costs (some thirty grouped
queries), and its figures need not be newer than a few minutes. Every five minutes the
worker reads each source the current plans use, for today, and stores the figures
(`refresh`). The public pages (dashboard, township scorecards, indicator pages, report,
open data) use the stored figures not older than PLAN_READINGS_MAX_AGE seconds and read
any other source themselves, so a stopped worker makes those pages slower, never staler
than that. The staff dashboard and its drill-downs always read the records themselves.
0 turns the store off (the test settings do, as they do the page cache).
"""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from outreach import indicators as registry

from .models import Indicator, Measurement, StoredReading

logger = logging.getLogger(__name__)


def in_use(on):
    """The sources of the live indicators of the plans running on `on`."""
    keys = Indicator.objects.filter(
        measurement=Measurement.LIVE, plan__start__lte=on, plan__end__gte=on, plan__closed_at=None
    ).exclude(source_key="")
    return sorted(set(keys.values_list("source_key", flat=True)))


def _text(number):
    return None if number is None else str(number)


def _number(stored):
    """A stored figure as the source gave it: 3, not 3.00."""
    if stored is None:
        return None
    number = Decimal(stored)
    return int(number) if number == number.to_integral_value() else number


def refresh(on=None):
    """Read and store today's figures of every source in use; a failing source is logged
    and keeps its older figures. Returns the number stored."""
    on = on or timezone.localdate()
    stored = 0
    with registry.reading():
        for key in in_use(on):
            source = registry.get(key)
            if source is None:
                continue
            try:
                reading = source.read(on)
            except Exception:
                logger.exception("indicator source %s failed", key)
                continue
            fields = {
                "read_at": timezone.now(),
                "value": reading.value,
                "total": reading.total,
                "by_township": {
                    str(pk): [_text(value), _text(total)]
                    for pk, (value, total) in reading.by_township.items()
                },
            }
            try:
                with transaction.atomic():
                    StoredReading.objects.update_or_create(key=key, on=on, defaults=fields)
            except IntegrityError:  # two workers at once: the other one's figures stand
                continue
            stored += 1
    StoredReading.objects.filter(on__lt=on - datetime.timedelta(days=1)).delete()
    return stored


def fresh(on):
    """{source key: Reading} of the stored figures of `on` still young enough, and the
    time the oldest of them was read (None when none is used)."""
    max_age = settings.PLAN_READINGS_MAX_AGE
    if max_age <= 0 or on != timezone.localdate():
        return {}, None
    rows = StoredReading.objects.filter(
        on=on, read_at__gte=timezone.now() - datetime.timedelta(seconds=max_age)
    )
    found = {}
    for row in rows:
        found[row.key] = (
            registry.Reading(
                value=_number(row.value),
                total=_number(row.total),
                by_township={int(pk): (_number(v), _number(t)) for pk, (v, t) in row.by_township.items()},
            ),
            row.read_at,
        )
    read_at = min((at for _reading, at in found.values()), default=None)
    return {key: reading for key, (reading, _at) in found.items()}, read_at
