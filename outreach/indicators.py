"""The indicator registry: how each app tells the plan dashboard what it can measure.

The dashboard (outreach.plan) lives in the core and imports no domain app. Each app
instead keeps an `indicators.py` module that registers *sources* here, the way
`wagtail_hooks.py` registers hooks; the modules are discovered the first time the
registry is read (and at start-up). A source is a function of a date that returns a
`Reading`:

    # courses/indicators.py
    from outreach.indicators import Reading, Row, source

    @source("courses.term_compliance", label=_("本学期课时与演练达标的学校"), unit="%")
    def term_compliance(on, details=False):
        ...
        return Reading(value=met, total=schools, by_township={id: (met, n)}, rows=[...])

- `value` is a count; with `total` it is a share (value of total), shown in percent.
- `by_township` maps a township id to `(value, total)` (total None for plain counts);
  the dashboard draws a small multiple per township from it.
- `breakdown` maps a label (a 五进 setting, say) to a number, for tables by category.
- `rows` (only when `details` is true: the staff drill-down) are the records behind the
  number — which schools are behind, which venues need a reprint — each with a link.

An indicator (data in the admin) names a source by its key. A key nobody registered
reads as "no data", never as success, so indicators of parts still to be built can be
set up before the part exists. A source must cost a fixed number of queries whatever
the amount of data: the dashboard calls every source once per page.

A source that only knows the present (which posters hang now, which streets are accepted
now) says so with `history=False`: the dashboard then never reads it for a past date,
and shows the day's snapshot or "no record of that day" instead.

Apps may also register the dates worth a snapshot (`snapshot_dates`, e.g. term ends).

Sources built on the same counts (groups and persons who visited; activities and their
audience) share them: a helper decorated with `@shared` runs once per `reading()` (the
dashboard reads all its sources inside one) for the same arguments, and as a plain
function outside one.
"""

import contextlib
import contextvars
import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Row:
    """One record behind a number: what it is, why it counts, where to look at it."""

    label: str
    note: str = ""
    url: str = ""
    township: str = ""  # its name, as shown
    township_id: int | None = None  # lets a township officer see only their township's rows


@dataclass
class Reading:
    value: Decimal | int | None
    total: Decimal | int | None = None
    by_township: dict = field(default_factory=dict)  # township id -> (value, total)
    breakdown: dict = field(default_factory=dict)  # label -> number
    rows: list = field(default_factory=list)  # Row, only when asked for details
    rows_title: str = ""  # what the rows are ("未达标的学校")
    url: str = ""  # the app's own screen for this number

    @property
    def has_data(self):
        return self.value is not None and (self.total is None or self.total > 0)


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    unit: str
    func: callable
    has_townships: bool = False
    knows_past: bool = True  # False: reading it for a past date would return today's records

    def read(self, on, details=False):
        return self.func(on, details=details)


_sources = {}
_date_providers = []
_discovered = False
_round = contextvars.ContextVar("indicator_reading", default=None)


@contextlib.contextmanager
def reading():
    """Sources read inside share what their `@shared` helpers compute."""
    if _round.get() is not None:  # already inside one: share with it
        yield
        return
    token = _round.set({})
    try:
        yield
    finally:
        _round.reset(token)


def shared(func):
    """Within one `reading()`, `func` runs once per arguments (which must be hashable);
    callers must not change what it returns."""

    @functools.wraps(func)
    def wrapper(*args):
        memo = _round.get()
        if memo is None:
            return func(*args)
        key = (func, args)
        if key not in memo:
            memo[key] = func(*args)
        return memo[key]

    return wrapper


def discover():
    """Import every installed app's `indicators` module once (they register on import)."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("indicators")


def source(key, *, label, unit="", townships=False, history=True):
    """Register the decorated function as the source `key` (an app-prefixed name).

    history=False: the source reads the records as they stand now whatever the date."""

    def decorator(func):
        register(
            Source(
                key=key, label=str(label), unit=unit, func=func, has_townships=townships, knows_past=history
            )
        )
        return func

    return decorator


def register(item):
    if item.key in _sources and _sources[item.key].func is not item.func:
        raise ValueError(f"indicator source {item.key!r} is registered twice")
    _sources[item.key] = item


def unregister(key):
    """Remove a source (tests register throwaway ones)."""
    _sources.pop(key, None)


def get(key):
    discover()
    return _sources.get(key)


def sources():
    discover()
    return dict(_sources)


def choices():
    """(key, label) of every registered source, for the admin's choice of a source."""
    return sorted(((key, f"{item.label}（{key}）") for key, item in sources().items()), key=lambda c: c[0])


def snapshot_dates(func):
    """Register func(start, end) -> dates in [start, end] when a snapshot is due (term ends)."""
    if func not in _date_providers:
        _date_providers.append(func)
    return func


def due_dates(start, end):
    discover()
    dates = set()
    for provider in _date_providers:
        dates.update(day for day in provider(start, end) if start <= day <= end)
    return dates


def share(value, total):
    """value of total in percent, one decimal; None without a denominator."""
    if value is None or not total:
        return None
    return (Decimal(value) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def year_start(on):
    return datetime.date(on.year, 1, 1)
