"""Each message looked up once per language.

The site's own messages are written in Chinese, so on the Chinese site nearly every
`{% translate %}` misses the catalogues: Django tries each of its merged catalogues, then a
chain of eleven fallbacks (Wagtail ships its apps in both `zh_Hans` and `zh`). A page
makes hundreds of these lookups; they were a sixth of the plan dashboard's render. A
message's answer does not change while a language's catalogues are loaded (Django builds
a new translation object when they change), so each object remembers its answers.
"""

import functools

from django.utils.translation import trans_real

# Messages are the code's own literals; a bound keeps a caller translating arbitrary text
# from growing the memo without end.
LIMIT = 20_000


def _remembering(lookup):
    @functools.wraps(lookup)
    def gettext(self, message):
        memo = self.__dict__.get("_answers")
        if memo is None:
            memo = self._answers = {}
        try:
            return memo[message]
        except KeyError:
            answer = lookup(self, message)
            if len(memo) < LIMIT:
                memo[message] = answer
            return answer
        except TypeError:  # not a hashable message: looked up as before
            return lookup(self, message)

    gettext.remembers = True
    return gettext


def install():
    """Called once when the project starts (OutreachConfig.ready)."""
    translation = trans_real.DjangoTranslation
    if not getattr(translation.gettext, "remembers", False):
        translation.gettext = _remembering(translation.gettext)
