"""Short, readable page addresses for Chinese titles.

Wagtail makes a slug from the title as typed; for Chinese that is the characters
themselves, which every link, QR code and WeChat share turns into a long run of %E7%81%AB…
We spell such a slug in pinyin instead: 火场逃生自救常识 → huo-chang-tao-sheng-zi-jiu-chang-shi.
"""

import re

from django.utils.text import slugify
from pypinyin import lazy_pinyin

MAX_LENGTH = 48


def has_non_ascii(text):
    return any(ord(char) > 127 for char in text)


def pinyin_slug(text, max_length=MAX_LENGTH):
    """The text in pinyin, one syllable per character, cut at a syllable boundary."""
    words = slugify(" ".join(lazy_pinyin(text)), allow_unicode=False).split("-")
    slug = ""
    for word in filter(None, words):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return re.sub(r"-+", "-", slug).strip("-")
