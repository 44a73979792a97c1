from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Site

from outreach import page_cache, roles
from outreach.access import has_role
from outreach.banners import render_site_banners
from outreach.models import public

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    """(title, url, is_current) for each live public page under the site root marked
    'show in menus'. The menu changes only when pages do, so it is kept with the public
    pages' cache generation (a publish starts a new one) for as long as they are."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def menu():
        pages = public(site.root_page.get_children().live().in_menu())
        return [(page.title, page.get_url(request), page.url_path) for page in pages]

    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    items = cache.get_or_set(page_cache.pages.key("main-menu", site.pk), menu, timeout) if timeout else menu()
    current = context.get("page")
    current_path = getattr(current, "url_path", "") or ""
    return [(title, url, current_path.startswith(path)) for title, url, path in items]


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced: keeps filters in links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


def shared_html(request, name, render, *vary):
    """HTML that every visitor of every page is shown alike (a footer, the banners), built
    once per site, language and generation of the public pages, and kept as long as they
    are: a publish or a setting saved starts a new generation, so it never goes stale.
    Nothing personal may go into it (no user, no CSRF token, no session)."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    site = Site.find_for_request(request) if request is not None else None
    if not timeout or site is None:
        return render()
    key = page_cache.pages.key("fragment", name, site.pk, translation.get_language(), *vary)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout)
    return mark_safe(html)  # noqa: S308 - rendered here from templates, escaped then


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        return shared_html(context.get("request"), self.name, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "name" %}...{% endshared_fragment %}: a part of the shell that
    is the same on every page for every visitor, rendered once per publish (shared_html)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% shared_fragment %} takes one quoted name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1][1:-1])


@register.simple_tag(takes_context=True)
def site_banners(context):
    """The banners the apps register for every page (see outreach.banners); they show the
    same to every visitor, so they are built once per publish."""
    request = context.get("request")
    return shared_html(request, "banners", lambda: render_site_banners(request))


@register.filter
def edits_pages(user):
    """Editors and reviewers get Wagtail's floating edit button; teachers and volunteers on
    a phone would only have it cover the form they are filling in."""
    return has_role(user, roles.EDITOR, roles.REVIEWER)


@register.simple_tag
def site_name():
    """The site's name (WAGTAIL_SITE_NAME): what the admin's browser tabs end in."""
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def header_links(context):
    """The signed-in person's own pages (我的志愿服务 …) as the apps declare them."""
    from outreach.landing import header_links as links

    request = context.get("request")
    return links(getattr(request, "user", None))


# A day as each language writes it: "2026年12月9日 星期三" / "Wednesday 9 December 2026".
# Django's `l` gives the weekday in the active language, but a Chinese pattern around it
# would read "2026年12月9日 Wednesday" on the English pages.
DAY_FORMATS = {"zh-hans": "Y年n月j日 l", "en": "l j F Y"}
SHORT_DAY_FORMATS = {"zh-hans": "n月j日 l", "en": "l j F"}


def _day_format(formats, with_time):
    from django.utils.translation import get_language

    language = (get_language() or "zh-hans").lower()
    pattern = formats["en"] if language.startswith("en") else formats["zh-hans"]
    return f"{pattern} H:i" if with_time else pattern


@register.filter
def day(value, arg=""):
    """`{{ slot.start|day }}`, `{{ slot.start|day:"time" }}` (with the hour), `"short"` (no year)."""
    from django.utils import dateformat, timezone

    if not value:
        return ""
    options = set(arg.split(",")) if arg else set()
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    formats = SHORT_DAY_FORMATS if "short" in options else DAY_FORMATS
    return dateformat.format(value, _day_format(formats, "time" in options))
