"""English is the second language: every message of every app's catalogue is translated
and compiled, so an English reader never meets a Chinese phrase the code marked for
translation (a new message without its English fails here, not in front of a reader)."""

import ast
import gettext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/en/LC_MESSAGES/django.po") if ".venv" not in path.parts
)


def _messages(po):
    """(context, msgid, plural) of each entry but the header and obsolete ones."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
                continue
            name, _space, value = line.partition(" ")
            if name in ("msgctxt", "msgid", "msgid_plural") and value.startswith('"'):
                current = name
                fields[name] = ast.literal_eval(value)
            else:
                current = None
        if fields.get("msgid"):
            entries.append((fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural")))
    return entries


def test_every_app_has_an_english_catalogue():
    apps = {path.parents[3].relative_to(ROOT).as_posix() for path in CATALOGUES}
    assert {"outreach", "outreach/plan", "campaigns", "campaigns/activities", "venues/bookings"} <= apps


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parents[3].relative_to(ROOT).as_posix())
def test_every_message_is_translated_and_compiled(po):
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    missing = []
    for context, msgid, plural in _messages(po):
        key = f"{context}\x04{msgid}" if context else msgid
        if (key, 0) not in compiled if plural else key not in compiled:
            missing.append(msgid)
    assert not missing, f"{len(missing)} without English (or not compiled): {missing[:5]}"
