"""Messages are looked up once per language, with the same answers as Django's own lookup."""

import gettext

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from outreach import translations

MESSAGES = [
    "只发短信",  # the site's own Chinese source text: on the Chinese site it misses every catalogue
    "Save",
    "Log in",
    "Page",
    "Pages",
    "Search",
    "This field is required.",
    "Dashboard",
]


def _plain(language, message):
    catalogue = trans_real.translation(language)
    return trans_real.DjangoTranslation.gettext.__wrapped__(catalogue, message)


def _own_messages():
    """The first messages of two of the project's English catalogues."""
    found = []
    for app in ("outreach", "campaigns"):
        with open(f"{app}/locale/en/LC_MESSAGES/django.mo", "rb") as mo:
            catalogue = gettext.GNUTranslations(mo)._catalog
        found += [m for m in catalogue if isinstance(m, str) and m and "\x04" not in m][:200]
    return found


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_answers_are_those_of_djangos_lookup_in_each_language(language):
    messages = MESSAGES + _own_messages()
    with translation.override(language):
        for message in messages:
            assert translation.gettext(message) == _plain(language, message)
            assert translation.gettext(message) == _plain(language, message)  # remembered


def test_a_message_only_wagtails_older_chinese_catalogue_has_is_still_found():
    chinese = trans_real.translation("zh-hans")
    fallbacks = []
    fallback = chinese._fallback
    while fallback is not None:
        fallbacks.append(fallback)
        fallback = fallback._fallback
    only_there = [
        (m, f)
        for f in fallbacks
        for m in f._catalog
        if isinstance(m, str) and m and m not in chinese._catalog and f._catalog[m] != m
    ]
    assert only_there, "no message is found only in a fallback any more: this test can go"
    for message, _fallback in only_there[:50]:
        with translation.override("zh-hans"):
            assert translation.gettext(message) == _plain("zh-hans", message)


def test_each_language_remembers_its_own_answers():
    with translation.override("en"):
        english = translation.gettext("只发短信")
    with translation.override("zh-hans"):
        assert translation.gettext("只发短信") == "只发短信"
    assert english != "只发短信"
    assert "只发短信" in trans_real.translation("en")._answers


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(translations, "LIMIT", 3)
    catalogue = trans_real.translation("en")
    catalogue._answers = {}
    with translation.override("en"):
        for n in range(10):
            assert translation.gettext(f"未收录的第{n}句") == f"未收录的第{n}句"
    assert len(catalogue._answers) == 3
