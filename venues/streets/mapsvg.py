"""The county map, drawn on the server as SVG from the townships' coordinates.

No tile server, no script: it works offline and on a weak connection. The outline is the
hull around the township seats, padded; each seat is a dot coloured by its street's
status, ringed when it needs maintenance. A tile server would be the scale-out path for
a real basemap; the township list below the map stays the accessible source.
"""

import math

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import StreetStatus

WIDTH, HEIGHT, PAD = 360, 300, 34
# Colours that keep a 3:1 contrast against the pale map and are told apart by label too.
COLOURS = {
    None: "#757575",
    StreetStatus.PLANNED: "#6d4c41",
    StreetStatus.BUILDING: "#b35c00",
    StreetStatus.REQUESTED: "#0b5cad",
    StreetStatus.ACCEPTED: "#1b7a3a",
}


def _n(value):
    return f"{value:.1f}"


def _hull(points):
    points = sorted(set(points))
    if len(points) <= 2:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _padded(hull, pad):
    cx = sum(x for x, _y in hull) / len(hull)
    cy = sum(y for _x, y in hull) / len(hull)
    out = []
    for x, y in hull:
        d = math.hypot(x - cx, y - cy) or 1
        out.append((x + (x - cx) / d * pad, y + (y - cy) / d * pad))
    return out


def project(rows):
    """{township id: (x, y)} in the SVG's coordinates, north up, equal scale both ways."""
    placed = [r for r in rows if r.township.latitude is not None and r.township.longitude is not None]
    if not placed:
        return {}
    lats = [float(r.township.latitude) for r in placed]
    lons = [float(r.township.longitude) for r in placed]
    shrink = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    off_x = (WIDTH - span_x * scale) / 2
    off_y = (HEIGHT - span_y * scale) / 2
    return {
        r.township.pk: (
            off_x + (float(r.township.longitude) - min(lons)) * shrink * scale,
            off_y + (max(lats) - float(r.township.latitude)) * scale,
        )
        for r in placed
    }


def _label_place(name, x, y, placed):
    """The first of right, left, below, above where the label overlaps nothing placed yet."""
    width, height = 14 * len(name), 16
    candidates = [
        ("start", x + 12, y + 5),
        ("end", x - 12, y + 5),
        ("middle", x, y + 26),
        ("middle", x, y - 14),
        ("start", x + 12, y + 20),
        ("start", x + 12, y - 10),
    ]

    def box(anchor, lx, ly):
        left = {"start": lx, "end": lx - width, "middle": lx - width / 2}[anchor]
        return (left, ly - height + 3, left + width, ly + 3)

    def clear(b):
        inside = b[0] >= 0 and b[2] <= WIDTH and b[1] >= 0 and b[3] <= HEIGHT
        return inside and not any(b[0] < p[2] and p[0] < b[2] and b[1] < p[3] and p[1] < b[3] for p in placed)

    for anchor, lx, ly in candidates:
        b = box(anchor, lx, ly)
        if clear(b):
            placed.append(b)
            return anchor, lx, ly
    anchor, lx, ly = candidates[0] if x < WIDTH * 0.7 else candidates[1]
    placed.append(box(anchor, lx, ly))
    return anchor, lx, ly


def county_map(rows):
    positions = project(rows)
    if not positions:
        return ""
    parts = [
        format_html(
            '<svg class="county-map" viewBox="0 0 {} {}" role="img" aria-labelledby="county-map-title" '
            'xmlns="http://www.w3.org/2000/svg"><title id="county-map-title">{}</title>',
            WIDTH,
            HEIGHT,
            _("修武县各乡镇消防文化街分布示意图"),
        )
    ]
    hull = _padded(_hull(list(positions.values())), 26)
    if len(hull) >= 3:
        parts.append(
            format_html(
                '<polygon points="{}" fill="#fdf3e7" stroke="#8d6e63" stroke-width="2" stroke-linejoin="round"/>',
                " ".join(f"{x:.1f},{y:.1f}" for x, y in hull),
            )
        )
    placed = [(x - 9, y - 9, x + 9, y + 9) for x, y in positions.values()]
    for row in rows:
        if row.township.pk not in positions:
            continue
        x, y = positions[row.township.pk]
        status = row.street.status if row.street else None
        colour = COLOURS.get(status, COLOURS[None])
        if row.upkeep and row.upkeep.needs_maintenance:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="13" fill="none" stroke="#c8102e" stroke-width="3"/>',
                    _n(x),
                    _n(y),
                )
            )
        if row.street:
            parts.append(format_html('<circle cx="{}" cy="{}" r="8" fill="{}"/>', _n(x), _n(y), colour))
        else:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="7" fill="#fff" stroke="{}" stroke-width="2" stroke-dasharray="3 2"/>',
                    _n(x),
                    _n(y),
                    colour,
                )
            )
        anchor, lx, ly = _label_place(row.township.name, x, y, placed)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="14" fill="#1a1a1a" '
                'paint-order="stroke" stroke="#fff" stroke-width="3">{}</text>',
                _n(lx),
                _n(ly),
                anchor,
                row.township.name,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every value went through format_html


def legend():
    return [(escape(label), COLOURS[value]) for value, label in StreetStatus.choices]
