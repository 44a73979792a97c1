"""Banners across the top of every public page, contributed by the apps.

The site shell belongs to the core and knows no app. An app that has something to say on
every page (the 119 publicity month) registers a function with the Wagtail hook
`site_banners`: it takes the request and returns HTML, or "" to show nothing. The shell
renders them in registration order with `{% site_banners %}` (themes_tags).

Public pages are cached and shared by every anonymous visitor, so a banner shows the same
to everyone: no user's name, no CSRF token, nothing read from the session. Render its
template without the request (`render_to_string(template, context)`) to keep it so.
"""

from django.utils.html import format_html_join
from wagtail import hooks

SITE_BANNERS_HOOK = "site_banners"


def render_site_banners(request):
    """The HTML of every registered banner, in order ("" when none has anything to say).

    Each banner's text is escaped unless the banner marked it safe (a rendered template is).
    """
    banners = ((html,) for banner in hooks.get_hooks(SITE_BANNERS_HOOK) if (html := banner(request)))
    return format_html_join("", "{}", banners)
