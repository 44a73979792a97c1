"""The poster's layout, computed once in millimetres and drawn by either renderer.

A poster is read from about two metres by people who may not see well. Each of the
three prompts therefore opens with its one key line (the main hazard, the exit, where
the extinguisher is) set large, followed by a few short lines set smaller; type never
shrinks below those two sizes. What does not fit is left to the landing page the QR
code opens, which has the prompts in full. Nothing is ever clipped: every line is
measured with the font it is drawn in.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from outreach import qr

PAPER_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

# GB 13495.1 safety colours: red for fire-fighting equipment, green for evacuation.
RED = (200, 16, 46)
GREEN = (0, 122, 61)
INK = (26, 26, 26)
HAZARD = (51, 51, 51)
WHITE = (255, 255, 255)

# ISO/IEC 18004 suggests a code at least a tenth of the scan distance wide: 100 mm on
# an A4 poster is read from a metre away, and scales with the paper.
QR_SYMBOL_MM_A4 = 100.0
QR_QUIET_MODULES = qr.QUIET_MODULES
DPI = 300

# Em sizes in mm on A4 (A3 multiplies everything by √2). A Chinese character of Noto
# Sans CJK inks 0.85–0.93 of its em, so these give characters at least 8 mm (key
# lines) and 5 mm (the rest) tall: what an older reader needs from two metres.
KEY_SIZE = 9.5
BODY_SIZE = 5.95
SECTION_SIZE = 6.4
TITLE_SIZE = 12.5
NAME_SIZE = 8.5
KEY_LINE = 1.22
BODY_LINE = 1.32
KEY_MAX_LINES = 2
ITEM_MAX_LINES = 2
# Short content is set larger; long content is never set smaller than scale 1.
SCALES = [1.2, 1.1, 1.0]

TOKEN = re.compile(r"[A-Za-z0-9@._:/+\-×%#~=?&]+|\n|[^\S\n]+|.", re.S)
NO_LINE_START = set("，。、；：？！）》」』】…,.;:?!)%")
ELLIPSIS = "…"
SPACES = re.compile(r"[^\S\n]+")
BREAK = "\n"


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    color: tuple


@dataclass
class Text:
    x: float
    baseline: float
    text: str
    size: float
    style: str
    color: tuple
    box: tuple = (0, 0, 0, 0)  # x0, y0, x1, y1 of the inked area
    limit: float = 0  # the right edge this text had to stay within
    role: str = ""  # "key" or "body" for the prompts' lines, "" for the rest


@dataclass
class QRCode:
    x: float
    y: float
    module: float
    matrix: list  # rows of booleans, quiet zone included

    @property
    def size(self):
        return self.module * len(self.matrix)


@dataclass
class Section:
    """One prompt: its title, its key line and further items, most important first."""

    title: str
    color: tuple
    key: list  # (text, style) runs; style "label" is the key line's coloured lead-in
    items: list = field(default_factory=list)  # each a list of (text, style) runs
    # The key line as it reads best when it needs two lines ("\n" is a line break), e.g.
    # the exit's name on the first and where it is on the second.
    key_broken: list | None = None


@dataclass
class PosterContent:
    title: str
    name: str
    sections: list  # three Sections
    footer_lines: list  # (text, style, size, kind)
    small_lines: list
    qr_matrix: list


@dataclass
class Layout:
    width: float
    height: float
    ops: list = field(default_factory=list)
    scale: float = 1.0
    omitted: int = 0  # items left to the landing page

    @property
    def texts(self):
        return [op for op in self.ops if isinstance(op, Text)]

    @property
    def qr(self):
        return next(op for op in self.ops if isinstance(op, QRCode))


class DoesNotFit(Exception):
    pass


def tidy(text):
    """One space where the editor typed several, none at the ends (no double gaps in print)."""
    return SPACES.sub(" ", text or "").strip(" ")


def _tokens(fonts, runs, size, width):
    tokens = []
    for text, style in runs:
        for tok in TOKEN.findall(text):
            if tok == BREAK:
                tokens.append((tok, style, 0.0))
                continue
            w = fonts[style].width(tok, size)
            if w > width and len(tok) > 1:
                tokens.extend((ch, style, fonts[style].width(ch, size)) for ch in tok)
            else:
                tokens.append((tok, style, w))
    return tokens


def _break(tokens, width):
    lines, line, used = [], [], 0.0
    for tok in tokens:
        text, _style, w = tok
        if text == BREAK:
            lines.append(line)
            line, used = [], 0.0
            continue
        if not line and text.isspace():
            continue
        if line and used + w > width:
            if text.isspace():
                lines.append(line)
                line, used = [], 0.0
                continue
            carry = [line.pop()] if text in NO_LINE_START and len(line) > 1 else []
            lines.append(line)
            line, used = carry, sum(c[2] for c in carry)
        line.append(tok)
        used += w
    if line:
        lines.append(line)
    return [stripped for stripped in (_strip(line) for line in lines) if stripped]


def _strip(line):
    while line and line[-1][0].isspace():
        line = line[:-1]
    return line


def _visible(line):
    return sum(len(t[0]) for t in line if not t[0].isspace() and t[0] not in NO_LINE_START)


def _no_orphan(lines):
    """Never leave one character alone on the last line: bring a neighbour down with it."""
    if len(lines) < 2:
        return lines
    last, previous = list(lines[-1]), list(lines[-2])
    while _visible(last) < 2 and len(previous) > 2:
        moved = [previous.pop()]
        while previous and moved[0][0] in NO_LINE_START and len(previous) > 2:
            moved.insert(0, previous.pop())
        last = moved + last
        previous = _strip(previous)
    return [*lines[:-2], previous, last]


def _truncate(line, fonts, size, width):
    """Cut a line so that it ends in an ellipsis and still fits."""
    style = line[-1][1] if line else "regular"
    ellipsis_w = fonts[style].width(ELLIPSIS, size)
    line = list(line)
    while line and (sum(t[2] for t in line) + ellipsis_w > width or line[-1][0] in NO_LINE_START):
        line.pop()
        line = _strip(line)
    return [*line, (ELLIPSIS, style, ellipsis_w)]


def wrap(fonts, runs, size, width, max_lines=None):
    """Break runs of (text, style) into lines no wider than width, CJK-style.

    Chinese may break between any two characters, Latin words and numbers stay whole
    unless longer than a line, closing punctuation never starts a line, and the last
    line never holds a single character. With max_lines, a longer text ends in "…".
    Returns a list of lines, each a list of (x offset, text, style) runs.
    """
    lines = _break(_tokens(fonts, runs, size, width), width)
    if max_lines and len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [_truncate(lines[max_lines - 1], fonts, size, width)]
    else:
        lines = _no_orphan(lines)
    return [_segments(line) for line in lines]


def _segments(line):
    """Merge a line's tokens into (x offset, text, style) runs of one style."""
    segments, x = [], 0.0
    for tok, style, w in line:
        if segments and segments[-1][2] == style:
            offset, text, _style = segments[-1]
            segments[-1] = (offset, text + tok, style)
        else:
            segments.append((x, tok, style))
        x += w
    return segments


@dataclass
class _Block:
    """The wrapped lines of one key line or item, ready to place."""

    lines: list
    size: float
    leading: float
    role: str
    colors: dict

    @property
    def height(self):
        return len(self.lines) * self.size * self.leading


class Builder:
    def __init__(self, fonts, paper):
        self.fonts = fonts
        # A key line's coloured lead-in is set in the bold face like the rest of it.
        self.key_fonts = {**fonts, "label": fonts["bold"]}
        self.width, self.height = PAPER_MM[paper]
        self.k = self.width / PAPER_MM["A4"][0]
        self.margin = 9 * self.k

    def text(self, ops, x, baseline, text, size, style, color, limit, role=""):
        font = self.fonts[style]
        w = font.width(text, size)
        x0, y0, x1, y1 = font.ink_box(text, size)
        box = (x + min(0, x0), baseline + y0, x + max(w, x1), baseline + y1)
        ops.append(Text(x, baseline, text, size, style, color, box, limit, role))

    def place(self, ops, block, x, top, width):
        """Draw a block's lines from top; returns the y below the last line."""
        y = top
        size = block.size
        for segments in block.lines:
            baseline = y + self.fonts["regular"].ascent * size + (block.leading - 1) * size / 2
            for offset, text, style in segments:
                face = "bold" if style == "label" else style
                self.text(
                    ops, x + offset, baseline, text, size, face, block.colors[style], x + width, block.role
                )
            y += size * block.leading
        return y

    def paragraph(self, ops, runs, x, top, width, size, colors, leading=1.42):
        block = _Block(wrap(self.fonts, runs, size, width), size, leading, "", colors)
        return self.place(ops, block, x, top, width)

    def build(self, content):
        for scale in SCALES:
            try:
                layout = self._build(content, scale)
            except DoesNotFit:
                continue
            if not layout.omitted or scale == SCALES[-1]:
                return layout
        raise DoesNotFit(_("海报内容过长，无法排版。"))

    def _build(self, content, scale):
        k, m, W, H = self.k, self.margin, self.width, self.height
        layout = Layout(W, H, scale=scale)
        ops = layout.ops
        bold = self.fonts["bold"]

        # Title band.
        band = 24 * k
        ops.append(Rect(0, 0, W, band, RED))
        size = TITLE_SIZE * k
        while bold.width(content.title, size) > W - 2 * m:
            size *= 0.95
        baseline = band / 2 + (bold.ascent - bold.descent) * size / 2
        x = (W - bold.width(content.title, size)) / 2
        self.text(ops, x, baseline, content.title, size, "bold", WHITE, W - m)

        # Venue (and zone) name: up to two lines, shrinking before it wraps further.
        y = band + 3 * k
        size = NAME_SIZE * k
        name = tidy(content.name)
        while len(wrap(self.fonts, [(name, "bold")], size, W - 2 * m)) > 2 and size > 5.5 * k:
            size *= 0.92
        y = self.paragraph(ops, [(name, "bold")], m, y, W - 2 * m, size, {"bold": INK}, leading=1.3)
        sections_top = y + 2 * k

        # Footer: the QR code with its quiet zone, and the call to action beside it.
        n_symbol = len(content.qr_matrix) - 2 * QR_QUIET_MODULES
        target_px = QR_SYMBOL_MM_A4 * k / 25.4 * DPI
        module = int(target_px / n_symbol) * 25.4 / DPI  # whole pixels per module at 300 dpi
        qr_size = module * len(content.qr_matrix)
        qr_x = 3 * k
        qr_y = H - 3 * k - qr_size
        ops.append(QRCode(qr_x, qr_y, module, content.qr_matrix))
        self._footer(ops, content, qr_x + qr_size + 1 * k, qr_y + module * QR_QUIET_MODULES, W - m)

        # The three prompts fill what is left between the name and the QR code's quiet zone.
        self._sections(layout, content.sections, sections_top, qr_y - 1 * k, scale)
        return layout

    def _block(self, fonts, runs, size, width, max_lines, leading, role, colors):
        runs = [(tidy(text), style) for text, style in runs]
        lines = wrap(fonts, [run for run in runs if run[0]], size, width, max_lines=max_lines)
        return _Block(lines, size, leading, role, colors)

    def _sections(self, layout, sections, top, bottom, scale):
        k, m, W = self.k, self.margin, self.width
        bold = self.fonts["bold"]
        head = SECTION_SIZE * k * scale
        bar = head * 1.55
        inner_x = m + 1.5 * k
        inner_w = W - 2 * m - 3 * k
        key_size = KEY_SIZE * k * scale
        body_size = BODY_SIZE * k * scale
        after_bar, between_items, after_section = 1.5 * k, 0.6 * k, 2.5 * k

        keys, queues = [], []
        for section in sections:
            key_colors = {"bold": INK, "label": section.color}
            key = self._block(
                self.key_fonts, section.key, key_size, inner_w, KEY_MAX_LINES, KEY_LINE, "key", key_colors
            )
            if len(key.lines) > 1 and section.key_broken:
                broken = self._block(
                    self.key_fonts, section.key_broken, key_size, inner_w, None, KEY_LINE, "key", key_colors
                )
                if len(broken.lines) <= KEY_MAX_LINES:
                    key = broken
            keys.append(key)
            colors = {"bold": section.color, "regular": INK}
            queues.append(
                [
                    self._block(
                        self.fonts, item, body_size, inner_w, ITEM_MAX_LINES, BODY_LINE, "body", colors
                    )
                    for item in section.items
                    if any(tidy(text) for text, _style in item)
                ]
            )

        # Every prompt gets its title bar and key line; then items are taken one per
        # prompt in turn while they fit, so no prompt loses all its details to another.
        used = sum(bar + after_bar + key.height + after_section for key in keys) - after_section
        if top + used > bottom:
            raise DoesNotFit
        chosen = [[] for _ in sections]
        waiting = [list(queue) for queue in queues]
        progress = True
        while progress:
            progress = False
            for index, queue in enumerate(waiting):
                if not queue:
                    continue
                extra = between_items + queue[0].height
                if top + used + extra <= bottom:
                    chosen[index].append(queue.pop(0))
                    used += extra
                    progress = True
                else:
                    queue.clear()  # a prompt's items keep their order: stop at the first that fails
        layout.omitted = sum(len(queue) for queue in queues) - sum(len(c) for c in chosen)

        # Spread what is left over the gaps between the prompts, up to a point.
        spare = max(0.0, bottom - top - used) / max(1, len(sections) - 1)
        gap = after_section + min(8 * k, spare)
        y = top
        for section, key, items in zip(sections, keys, chosen, strict=True):
            layout.ops.append(Rect(m, y, W - 2 * m, bar, section.color))
            baseline = y + bar / 2 + (bold.ascent - bold.descent) * head / 2
            self.text(layout.ops, m + 2.5 * k, baseline, tidy(section.title), head, "bold", WHITE, W - m)
            y = self.place(layout.ops, key, inner_x, y + bar + after_bar, inner_w)
            for block in items:
                y = self.place(layout.ops, block, inner_x, y + between_items, inner_w)
            y += gap
        if y - gap > bottom + 0.01:
            raise DoesNotFit

    def _footer(self, ops, content, left, top, right):
        k = self.k
        width = right - left
        for factor in (1.0, 0.9, 0.8, 0.7, 0.6):
            trial = []
            y = top
            for text, style, size, kind in content.footer_lines:
                size = size * k * factor
                if kind == "alarm":
                    bold = self.fonts["bold"]
                    h = size * 1.5
                    trial.append(Rect(left, y, min(width, bold.width(text, size) + 6 * k), h, RED))
                    while bold.width(text, size) > width - 6 * k:
                        size *= 0.95
                    baseline = y + h / 2 + (bold.ascent - bold.descent) * size / 2
                    self.text(trial, left + 3 * k, baseline, text, size, "bold", WHITE, right)
                    y += h + 2 * k
                else:
                    color = GREEN if kind == "green" else (RED if kind == "red" else INK)
                    y = self.paragraph(trial, [(text, style)], left, y, width, size, {style: color})
                    y += 1.5 * k
            for text in content.small_lines:
                y = self.paragraph(
                    trial, [(text, "regular")], left, y, width, 3.4 * k * factor, {"regular": INK}
                )
            if y <= self.height - 4 * k:
                ops.extend(trial)
                return
        raise DoesNotFit
