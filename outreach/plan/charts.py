"""Geometry for the server-rendered SVG charts: numbers in, coordinates out.

The templates draw; this module only places. Every chart has a table of the same numbers
next to it, so the SVG itself is decorative for screen readers (aria-hidden).
"""

from dataclasses import dataclass
from decimal import Decimal

from .evaluation import Status

# Status colours: green only for success; amber, red, grey otherwise (never colour alone:
# the status is always written next to it).
COLOURS = {
    Status.MET: "#1b5e20",
    Status.ON_TRACK: "#2e7d32",
    Status.ATTENTION: "#b26a00",
    Status.BEHIND: "#b71c1c",
    Status.UNVERIFIED: "#616161",
    Status.NO_DATA: "#757575",
    None: "#455a64",
}

BAR_WIDTH = 300


def amount(value, places=1):
    """A figure as people write it: 8000, not 8000.0 or 8000.00; 92.5 keeps its decimal;
    a small share (0.08) keeps the places it needs."""
    if value is None:
        return ""
    value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if value == value.to_integral_value():
        return f"{value.to_integral_value():f}"
    if abs(value) < 1:
        return f"{value.normalize():f}"
    return f"{value.quantize(Decimal(1).scaleb(-places)).normalize():f}"


def figure(value, unit=""):
    """8000人次, not 8000.0人次; nothing for no value ("无数据" is the caller's to say)."""
    if value is None or value == "":
        return ""
    return f"{amount(value)}{unit or ''}"


def percent(share):
    """A 0–1 share as a whole percent (12%)."""
    if share is None:
        return "—"
    return f"{round(float(share) * 100)}%"


def colour(status):
    return COLOURS.get(status, COLOURS[None])


def _fraction(value):
    return float(min(Decimal(1), max(Decimal(0), Decimal(value))))


@dataclass
class Bar:
    done: float  # 0–1
    expected: float  # 0–1
    time: float  # 0–1
    fill: str

    @property
    def done_width(self):
        return round(self.done * BAR_WIDTH, 1)

    @property
    def expected_x(self):
        return round(self.expected * BAR_WIDTH, 1)

    @property
    def time_x(self):
        return round(self.time * BAR_WIDTH, 1)


def progress_bar(result):
    return Bar(
        done=_fraction(result.progress or 0),
        expected=_fraction(result.expected_progress),
        time=_fraction(result.time_share),
        fill=colour(result.status),
    )


@dataclass
class Mini:
    """One township's small multiple: a bar of its share and the county's expected mark."""

    name: str
    label: str
    width: float
    expected_x: float
    fill: str
    status_label: str


MINI_WIDTH = 120


def small_multiples(result):
    """Each township's bar against the township's own part (never the county target)."""
    if not result.townships:
        return []
    share_kind = result.indicator.aggregate == "share"
    even = float(result.indicator.target) / max(1, len(result.townships))
    minis = []
    for row in result.townships:
        if share_kind:
            scale, expected = 100.0, float(result.expected) / 100.0
        else:
            scale = float(row.total) if row.total else even
            expected = float(result.expected_progress)
        share = 0 if row.actual is None or not scale else min(1.0, max(0.0, float(row.actual) / scale))
        minis.append(
            Mini(
                name=row.township.name,
                label="—" if row.actual is None else f"{amount(row.actual)}{result.indicator.unit}",
                width=round(share * MINI_WIDTH, 1),
                expected_x=round(min(1.0, max(0.0, expected)) * MINI_WIDTH, 1),
                fill=colour(row.status if row.status or share < 1 else Status.MET),
                status_label=row.status_label,
            )
        )
    return minis


SPARK_W, SPARK_H = 300, 60


def sparkline(result):
    """Points of the snapshots' actual values, or None when fewer than two have data."""
    points = [(s.taken_on, float(s.actual)) for s in result.history if s.actual is not None]
    if len(points) < 2:
        return None
    values = [v for _d, v in points] + [float(result.indicator.baseline), float(result.indicator.target)]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = SPARK_W / (len(points) - 1)
    coords = [
        (round(i * step, 1), round(SPARK_H - 2 - (value - low) / span * (SPARK_H - 4), 1))
        for i, (_day, value) in enumerate(points)
    ]
    unit = result.indicator.unit
    return {
        "points": " ".join(f"{x},{y}" for x, y in coords),
        "dots": [{"x": x, "y": y} for x, y in coords],
        "first": coords[0],
        "last": coords[-1],
        "first_label": f"{amount(points[0][1])}{unit}",
        "last_label": f"{amount(points[-1][1])}{unit}",
        "first_day": points[0][0],
        "last_day": points[-1][0],
    }
