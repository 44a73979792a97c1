"""The workbench registry: what waits for a signed-in person, from every part of the site.

The workbench page (我的工作台, outreach.views.workbench) lives in the core and imports no
domain app. Each app keeps a `workbench.py` module that registers *providers* here, the
way `indicators.py` registers the plan's sources; the modules are discovered the first
time the registry is read. A provider is a function of the user and today's date that
returns a list of `Item`s, or nothing when the person has no work in that part:

    # venues/bookings/workbench.py
    from outreach.workbench import Item, provider

    @provider("bookings.pending", part=_("科普教育基地"), order=10)
    def pending(user, today):
        if not is_base_staff(user):
            return []
        n = Booking.objects.filter(status=Status.PENDING).count()
        return [Item(_("待审核的参观预约"), n, reverse("bookings_admin:queue"))]

- `count` is the number the part's own screen shows behind `url` (the tests compare
  them); an item with `count=None` is a plain way in ("我的文化街"), shown after the
  counted items so every role's daily screens are one tap away.
- A provider costs a fixed number of queries whatever the amount of data: the page calls
  every provider on every visit. It asks `outreach.access` who the user is (cached per
  request), never the user's groups directly.
"""

from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Item:
    label: str
    count: int | None
    url: str
    note: str = ""  # one line under the label ("最早的一条已等3天")
    urgent: bool = False  # drawn in the warning colour (overdue, expiring today)


@dataclass(frozen=True)
class Provider:
    key: str
    part: str
    order: int
    func: callable


@dataclass
class Section:
    """One part's items on the page, in the provider's order."""

    part: str
    items: list

    @property
    def waiting(self):
        return sum(item.count or 0 for item in self.items)


_providers = {}
_discovered = False


def discover():
    """Import every installed app's `workbench` module once (they register on import)."""
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("workbench")


def provider(key, *, part, order=100):
    """Register the decorated function as the provider `key` (an app-prefixed name)."""

    def decorator(func):
        register(Provider(key=key, part=part, order=order, func=func))
        return func

    return decorator


def register(item):
    if item.key in _providers and _providers[item.key].func is not item.func:
        raise ValueError(f"workbench provider {item.key!r} is registered twice")
    _providers[item.key] = item


def unregister(key):
    """Remove a provider (tests register throwaway ones)."""
    _providers.pop(key, None)


def providers():
    discover()
    return sorted(_providers.values(), key=lambda p: (p.order, p.key))


def sections(user, today):
    """The user's work, one section per part that has any, counted items first."""
    by_part = {}
    for entry in providers():
        items = list(entry.func(user, today) or ())
        if items:
            by_part.setdefault(str(entry.part), []).extend(items)
    result = []
    for part, items in by_part.items():
        counted = [item for item in items if item.count is not None]
        links = [item for item in items if item.count is None]
        result.append(Section(part=part, items=counted + links))
    return result


def waiting_total(found):
    return sum(section.waiting for section in found)
