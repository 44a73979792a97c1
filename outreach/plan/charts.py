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
    if not result.townships:
        return []
    scale = _scale(result)
    expected = float(result.expected) / scale if scale else 0
    minis = []
    for row in result.townships:
        share = 0 if row.actual is None or not scale else min(1.0, max(0.0, float(row.actual) / scale))
        minis.append(
            Mini(
                name=row.township.name,
                label="—" if row.actual is None else f"{row.actual.normalize():f}{result.indicator.unit}",
                width=round(share * MINI_WIDTH, 1),
                expected_x=round(min(1.0, expected) * MINI_WIDTH, 1),
                fill=colour(row.status),
                status_label=row.status_label,
            )
        )
    return minis


def _scale(result):
    """The full length of a township bar: 100 for shares, else the largest value shown."""
    if result.indicator.aggregate == "share":
        return 100.0
    values = [float(row.actual) for row in result.townships if row.actual is not None]
    return max(values + [float(result.indicator.target) or 1.0])


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
    return {
        "points": " ".join(f"{x},{y}" for x, y in coords),
        "last": coords[-1],
        "first_day": points[0][0],
        "last_day": points[-1][0],
    }
