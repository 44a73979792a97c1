import re
from datetime import date, timedelta

import factory
from django.utils import timezone

from campaigns.volunteers import services
from campaigns.volunteers.models import Event, Training, Volunteer
from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"消防宣传志愿活动{n}")
    place = "修武县人民广场"
    status = Event.PUBLISHED


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        django_get_or_create = ("name",)

    name = "消防安全培训"


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory, roles=[roles.VOLUNTEER])
    number = factory.Sequence(lambda n: f"XWT{n:06d}")
    name = factory.Sequence(lambda n: f"志愿者{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"v{n}@example.com")
    birth_date = date(1990, 5, 1)
    township = factory.SubFactory(TownshipFactory)
    consent_at = factory.LazyFunction(timezone.now)


def make_shift(event=None, *, places=5, start_in=timedelta(days=3), hours=3, **fields):
    event = event or EventFactory()
    start = timezone.now() + start_in
    fields.setdefault("title", "宣传咨询台")
    fields.setdefault("signup_deadline", start - timedelta(minutes=10))
    return services.create_shift(
        event, places=places, starts_at=start, ends_at=start + timedelta(hours=hours), **fields
    )


def sent_code(mobile):
    """The code in the newest registration SMS to `mobile` (what its owner reads)."""
    from outreach.models import Notification

    sms = Notification.objects.filter(
        to=mobile, channel=Notification.SMS, key__startswith="volunteers:register-code:"
    ).latest("pk")
    return re.search(r"\d{6}", sms.body).group()
