"""志愿服务证明: the record an organisation certifies and the certificate it issues."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import numbering
from ..models import Certificate, Signup, Volunteer
from ..permissions import issuing_township  # noqa: F401 - kept where callers look
from .common import Refused


def confirmed_record(volunteer, township_id=None):
    """The volunteer's confirmed hours on the events of one organisation: a township's
    (`township_id`), or the county's own events (None)."""
    return (
        Signup.objects.filter(
            volunteer=volunteer,
            hours_status=Signup.HOURS_CONFIRMED,
            shift__event__township_id=township_id,
        )
        .select_related("shift__event")
        .order_by("shift__starts_at")
    )


@transaction.atomic
def issue_certificate(volunteer, user, *, township_id, issuer, handler, person_in_charge="", contact=""):
    """A certificate of the hours the issuing organisation recorded, and only those:
    `township_id` is the organisation (None: the county's events)."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if volunteer.deleted_at is not None:
        raise Refused(_("该志愿者已注销，不能出具证明。"))
    if not volunteer.has_id:
        raise Refused(_("出具证明需要证件号码：请该志愿者在“我的志愿服务”页补充证件信息。"))
    record = list(confirmed_record(volunteer, township_id))
    if not record:
        raise Refused(_("该志愿者在本单位组织的活动中还没有已确认的服务时长。"))
    total = sum((signup.hours for signup in record), Decimal(0)).quantize(Decimal("0.1"))
    services_text = "；".join(
        f"{timezone.localtime(s.shift.starts_at):%Y-%m-%d} {s.shift.event.title}·{s.shift.title} {s.hours}小时"
        for s in record
    )
    year = timezone.localdate().year
    return Certificate.objects.create(
        number=numbering.next_number(f"XWZYFW{year}", Certificate),
        volunteer=volunteer,
        name=volunteer.name,
        masked_id=volunteer.masked_id,
        volunteer_number=volunteer.number,
        period_start=timezone.localtime(record[0].shift.starts_at).date(),
        period_end=timezone.localtime(record[-1].shift.starts_at).date(),
        hours=total,
        services=services_text[:4000],
        issuer=issuer,
        person_in_charge=person_in_charge,
        handler=handler,
        contact=contact,
        township_id=township_id,
        issued_by=user,
    )
