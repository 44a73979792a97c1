"""志愿服务证明: the record an organisation certifies and the certificate it issues."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .. import numbering
from ..models import Certificate, Signup, Volunteer
from ..permissions import issuing_township  # noqa: F401 - kept where callers look
from .common import Refused

CERTIFICATE_ISSUE_ACTION = "volunteers.certificate.issue"


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
    # One line per service: date, activity, place, hours (tab-separated), the table the
    # printed certificate lays out.
    services_text = "\n".join(
        "\t".join(
            [
                f"{timezone.localtime(s.shift.starts_at):%Y-%m-%d}",
                f"{s.shift.event.title}·{s.shift.title}".replace("\t", " "),
                s.shift.place_label.replace("\t", " "),
                f"{s.hours}",
            ]
        )
        for s in record
    )
    year = timezone.localdate().year
    certificate = Certificate.objects.create(
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
    Volunteer.objects.filter(pk=volunteer.pk).update(certificate_requested_at=None)
    log(
        instance=certificate,
        action=CERTIFICATE_ISSUE_ACTION,
        user=user,
        data={"hours": str(total), "volunteer": volunteer.number},
    )
    return certificate


@transaction.atomic
def request_certificate(volunteer):
    """The volunteer asks for a certificate from their page; organisers of their township
    see the request on the volunteer's record and issue it."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if not volunteer.signups.filter(hours_status=Signup.HOURS_CONFIRMED).exists():
        raise Refused(_("您还没有已确认的服务时长，暂时不能申请证明。"))
    if volunteer.certificate_requested_at is None:
        volunteer.certificate_requested_at = timezone.now()
        volunteer.save(update_fields=["certificate_requested_at"])
    return volunteer
