"""What the smoke tests visit, read from the database the production stack serves.

Run by tests/production/stack.py inside `manage.py shell` under the production settings,
after `load_demo`; the tests themselves only speak HTTP to nginx.
"""

import json

# Every account the demo creates (README); everyone but the admin signs in on the site.
DEMO_USERNAMES = ["admin", "editor", "reviewer", "township", "school", "bureau", "venue", "base", "zhujian", "13900000119"]  # fmt: skip


def _url(page):
    return page.get_url() if page is not None else None


def public_pages():
    from campaigns.models import CampaignIndexPage, CampaignPage
    from campaigns.volunteers.models import Event
    from outreach.models import HomePage
    from venues.bookings.models import BaseIndexPage
    from venues.models import Venue
    from venues.streets.models import StreetElement, StreetIndexPage, StreetPage

    venue = Venue.objects.order_by("pk").first()
    element = StreetElement.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    pages = {
        "home": _url(HomePage.objects.live().first()),
        "campaigns": _url(CampaignIndexPage.objects.live().first()),
        "campaign": _url(CampaignPage.objects.live().order_by("pk").first()),
        "venues": "/venues/",
        "venue": venue.get_absolute_url() if venue else None,
        "base": _url(BaseIndexPage.objects.live().first()),
        "base_visits": "/base/visits/",
        "volunteers": "/volunteers/",
        "volunteer_event": f"/volunteers/events/{event.pk}/" if event else None,
        "streets": _url(StreetIndexPage.objects.live().first()),
        "street": _url(StreetPage.objects.live().order_by("pk").first()),
        "element": element.get_absolute_url() if element else None,
        "plan": "/plan/",
        "search": "/search/?q=%E7%81%AD%E7%81%AB%E5%99%A8",  # 灭火器
    }
    return pages, {
        "venue": venue.public_url if venue else None,
        "element": element.public_url if element else None,
    }


def private_files():
    """One stored file of every private-storage field, and which demo users may see it."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db.models import FileField

    from outreach import private_files as pf

    users = list(get_user_model().objects.filter(username__in=DEMO_USERNAMES))
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, FileField) or not isinstance(field.storage, pf.PrivateStorage):
                continue
            record = model._default_manager.exclude(**{field.name: ""}).order_by("pk").first()
            if record is None:
                continue
            name = getattr(record, field.name).name
            found.append(
                {
                    "what": f"{model._meta.label}.{field.name}",
                    "url": getattr(record, field.name).url,
                    "size": field.storage.size(name),
                    "allowed": sorted(u.username for u in users if pf.may_see(u, name)),
                    "refused": sorted(u.username for u in users if not pf.may_see(u, name)),
                }
            )
    return found


def school_drill_photo():
    """A drill photo of the demo school user's own school (the README's example)."""
    from django.contrib.auth import get_user_model

    from courses.models import DrillPhoto, School

    school_user = get_user_model().objects.get(username="school")
    photo = DrillPhoto.objects.filter(drill__school__in=School.objects.visible_to(school_user)).first()
    return photo.image.url if photo else None


def write(path):
    from campaigns.models import CampaignPage

    pages, qr = public_pages()
    campaign = CampaignPage.objects.live().order_by("pk").first()
    data = {
        "pages": pages,
        "qr": qr,
        "private": private_files(),
        "school_drill_photo": school_drill_photo(),
        "edit_page_id": campaign.pk if campaign else None,
    }
    with open(path, "w") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
