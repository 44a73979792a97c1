"""Split text into search terms without a dictionary.

Chinese has no spaces, so a database's word splitter sees a whole run of characters as
one word. Indexing every single character and every pair of neighbouring characters
lets a query of any length match anywhere in a sentence: a query's own pairs must all
occur in the page. Latin letters and digits form ordinary lower-case words.
"""

import re

# CJK Unified Ideographs, extension A and compatibility ideographs.
CJK_RUN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
WORD = r"[0-9a-z]+"
TOKEN_RE = re.compile(f"({CJK_RUN})|({WORD})")

MAX_TERM_LENGTH = 32
MAX_QUERY_TERMS = 24


def _cjk_terms(run, with_unigrams):
    if with_unigrams or len(run) == 1:
        yield from run
    for i in range(len(run) - 1):
        yield run[i : i + 2]


def index_terms(text):
    """Every term of `text`, repeated as often as it occurs (for scoring)."""
    for cjk, word in TOKEN_RE.findall(text.lower()):
        if cjk:
            yield from _cjk_terms(cjk, with_unigrams=True)
        else:
            yield word[:MAX_TERM_LENGTH]


def query_terms(query):
    """The distinct terms a page must all contain to match `query`, in query order.

    A long query is cut to its first MAX_QUERY_TERMS terms: enough to pin down any
    real question, and it keeps the database query small.
    """
    terms = []
    for cjk, word in TOKEN_RE.findall(query.lower()):
        found = _cjk_terms(cjk, with_unigrams=False) if cjk else [word[:MAX_TERM_LENGTH]]
        for term in found:
            if term not in terms:
                terms.append(term)
    return terms[:MAX_QUERY_TERMS]
