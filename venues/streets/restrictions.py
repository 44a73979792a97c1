"""A street's view restrictions hold on every address that shows the street's content.

Wagtail checks a page's view restrictions (the page's own and its ancestors') only when
it serves that page. Element pages, the damage-report form, report status and the feeds
are plain views, so they ask Wagtail's own questions here (`page.get_view_restrictions()`,
`restriction.accept_request(request)`) and answer as the page would: the password form,
or the way to sign in. What they show of a restricted street is never kept by a browser's
or a proxy's cache.
"""

from functools import wraps

from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction
from wagtail.wagtail_hooks import require_wagtail_login

from .models import StreetPage


class Verdict:
    def __init__(self, request, page):
        self.page = page
        restrictions = list(page.get_view_restrictions())
        self.restricted = bool(restrictions)
        self.refusing = next((r for r in restrictions if not r.accept_request(request)), None)

    @property
    def accepted(self):
        return self.refusing is None

    def refusal(self, request):
        """What Wagtail answers for the page instead of its content (its on_serve_page check)."""
        restriction = self.refusing
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            form = PasswordViewRestrictionForm(
                instance=restriction, initial={"return_url": request.get_full_path()}
            )
            action_url = reverse(
                "wagtailcore_authenticate_with_password", args=[restriction.id, self.page.id]
            )
            page = Page.objects.get(pk=self.page.pk).specific
            response = page.serve_password_required_response(request, form, action_url)
        else:
            response = require_wagtail_login(next=request.get_full_path())
        add_never_cache_headers(response)
        return response

    def seal(self, response):
        if self.restricted:
            add_never_cache_headers(response)
        return response


def check(request, page):
    return Verdict(request, page)


def visible_ids(request, streets):
    """Of these pages, the ids whose view restrictions accept the request."""
    public = set(streets.public().values_list("pk", flat=True))
    restricted = streets.exclude(pk__in=public).only("pk", "path", "depth", "alias_of")
    return public | {page.pk for page in restricted if check(request, page).accepted}


def respects_street_restrictions(view):
    """For a view of one element (by its code): its street's restrictions come first."""

    @wraps(view)
    def wrapper(request, code, *args, **kwargs):
        street = (
            StreetPage.objects.filter(elements__code=code).only("pk", "path", "depth", "alias_of").first()
        )
        if street is None:
            return view(request, code, *args, **kwargs)
        verdict = check(request, street)
        if not verdict.accepted:
            return verdict.refusal(request)
        return verdict.seal(view(request, code, *args, **kwargs))

    return wrapper
