"""Sign-ups: the rules on every way into a place, the capacity handler, cancelling and
offers from the waiting list."""

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import capacity
from outreach.models import Claim
from outreach.siteurl import absolute

from .. import qualifications
from ..cache import listing_generation
from ..messages import tell as _tell
from ..models import Event, Notice, Shift, Signup, Volunteer
from .common import OFFER_SALT, Refused, listing_changed
from .common import when as _when

SIGN_UP, ORGANISER_ADD, OFFER, WALK_IN = "sign_up", "organiser_add", "offer", "walk_in"


def check_eligible(volunteer, shift, now, *, way=SIGN_UP, signup=None):
    """Raise Refused with the reason when the volunteer may not take this shift.

    The same rules on every way into a place; only the sign-up deadline is the volunteer's
    own (an organiser may add someone later, an offer is confirmed until it expires), a
    walk-in is added on the spot until the shift ends, and a sign-up being confirmed does
    not conflict with itself."""
    if shift.event.status != Event.PUBLISHED:
        raise Refused(_("这个活动目前不接受报名。"))
    last_moment = shift.ends_at if way == WALK_IN else shift.starts_at
    if now >= last_moment or (way == SIGN_UP and now >= shift.signup_deadline):
        raise Refused(_("这个岗位的报名已经截止。"))
    age = volunteer.age_on(timezone.localtime(shift.starts_at).date())
    if age is None or age < shift.min_age:
        raise Refused(_("这个岗位要求年满%(age)s周岁。") % {"age": shift.min_age})
    problem = qualifications.training_problem(volunteer, shift)
    if problem:
        raise Refused(problem, training=shift.required_training)
    if shift.insurance_required and not volunteer.has_insurance:
        raise Refused(_("这个岗位要求参加志愿服务意外保险，请先联系所在队伍办理。"))
    mine = Signup.objects.filter(volunteer=volunteer, state=Signup.ACTIVE)
    if signup is not None:
        mine = mine.exclude(pk=signup.pk)
    if mine.filter(shift=shift).exists():
        raise Refused(_("您已经报名了这个岗位。"))
    overlap = (
        mine.filter(
            claim__status__in=Claim.HOLDING,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .select_related("shift__event")
        .first()
    )
    if overlap:
        raise Refused(_("时间与您已报名的“%(shift)s”冲突。") % {"shift": overlap.shift})


class Applicant:
    """Who a new claim on a shift is for, and which way they come in (capacity's `party`)."""

    def __init__(self, volunteer, way=SIGN_UP, now=None):
        self.volunteer = volunteer
        self.way = way
        self.now = now or timezone.now()


class ShiftClaims(capacity.Handler):
    """This app's handler in the capacity service: a claim is one volunteer's sign-up. Runs
    inside capacity's transaction under the shift pool's lock."""

    def admit(self, pool, places, party):
        volunteer = Volunteer.objects.select_for_update().get(pk=party.volunteer.pk)
        shift = Shift.objects.select_related("event", "required_training").get(pool=pool)
        check_eligible(volunteer, shift, party.now, way=party.way)

    def _signup(self, claim):
        return (
            Signup.objects.select_for_update(of=("self",))
            .select_related("volunteer", "shift__event", "shift__required_training")
            .filter(claim_id=claim.pk)
            .first()
        )

    def confirming(self, claim):
        signup = self._signup(claim)
        if signup is None:
            return
        if signup.state != Signup.ACTIVE:
            raise Refused(_("这个递补名额已经确认、放弃或失效。"))
        volunteer = Volunteer.objects.select_for_update().get(pk=signup.volunteer_id)
        check_eligible(volunteer, signup.shift, timezone.now(), way=OFFER, signup=signup)

    def confirmed(self, claim):
        signup = self._signup(claim)
        if signup is None:
            return
        # A shift that needs the organiser's approval still needs it after an offer.
        if signup.approved:
            _tell_confirmed(signup)
        else:
            _tell_pending(signup)
        listing_changed()

    def offered(self, claim):
        signup = self._signup(claim)
        if signup is None or signup.state != Signup.ACTIVE:
            return
        expires = timezone.localtime(claim.offer_expires_at) if claim.offer_expires_at else None
        link = reverse("volunteers:offer", args=[offer_token(signup)])
        _tell(
            signup.volunteer,
            f"offer:{signup.pk}:{claim.offer_expires_at:%Y%m%d%H%M%S}" if expires else f"offer:{signup.pk}",
            _("候补递补：请确认是否参加"),
            _("“%(shift)s”（%(when)s）有了空位，为您保留到 %(until)s。请点击确认或放弃：%(url)s")
            % {
                "shift": signup.shift,
                "when": _when(signup.shift),
                "until": f"{expires:%m-%d %H:%M}" if expires else "",
                "url": absolute(link),
            },
            link=link,
            sms=True,
            notice=_("“%(shift)s”有了空位，为您保留到 %(until)s，请确认是否参加。")
            % {"shift": signup.shift, "until": f"{expires:%m-%d %H:%M}" if expires else ""},
        )
        listing_changed()

    def expired(self, claim):
        signup = self._signup(claim)
        if signup is None or signup.state != Signup.ACTIVE:
            return
        signup.end(Signup.LAPSED)
        _tell(
            signup.volunteer,
            f"lapsed:{signup.pk}",
            _("递补名额已过期"),
            _("“%(shift)s”为您保留的名额已过确认时间，已递补给下一位。") % {"shift": signup.shift},
        )
        listing_changed()


def _claim_place(volunteer, shift, *, way, wait, now):
    """One transaction: the capacity service checks the rules for the volunteer (through
    ShiftClaims.admit) and claims the place; the sign-up is written with it."""
    with transaction.atomic():
        try:
            claim = capacity.claim(shift.pool_id, 1, wait=wait, party=Applicant(volunteer, way, now))
        except capacity.Full as error:
            raise Refused(
                _("这个岗位已满，可以加入候补名单，有人取消时按报名先后递补。"), can_wait=True
            ) from error
        except capacity.Closed as error:
            raise Refused(_("这个活动目前不接受报名。")) from error
        shift = Shift.objects.select_related("event").get(pk=shift.pk)
        signup = Signup.objects.create(
            shift=shift,
            volunteer=volunteer,
            claim=claim,
            approved=way in (ORGANISER_ADD, WALK_IN) or shift.method == Shift.INSTANT,
            created_at=claim.created_at,
        )
        if claim.status == Claim.HELD:
            if signup.approved:
                _tell_confirmed(signup)
            else:
                _tell_pending(signup)
        else:
            _tell(
                volunteer,
                f"waiting:{signup.pk}",
                _("已加入候补名单"),
                _("“%(shift)s”（%(when)s）已满，您已在候补名单上。有名额时会通知您点击确认。")
                % {"shift": shift, "when": _when(shift)},
            )
    listing_generation.bump()
    return signup


def sign_up(volunteer, shift, *, wait=False, now=None):
    """Claim a place on the shift, or a place on its waiting list when `wait`.

    Refused (with the reason) when a rule forbids it; Refused(can_wait=True) when full."""
    return _claim_place(volunteer, shift, way=SIGN_UP, wait=wait, now=now or timezone.now())


def add_by_organiser(shift, volunteer, user=None, *, now=None):
    """An organiser puts a volunteer on the shift (approved), under the same rules as a
    sign-up except its deadline; never on the waiting list, never past the places."""
    signup = _claim_place(volunteer, shift, way=ORGANISER_ADD, wait=False, now=now or timezone.now())
    if user is not None:
        from wagtail.log_actions import log

        log(signup, "wagtail.create", user=user)
    return signup


def _tell_pending(signup):
    _tell(
        signup.volunteer,
        f"pending:{signup.pk}",
        _("志愿报名已提交"),
        _("您报名的“%(shift)s”（%(when)s）已提交，等待组织者审核。")
        % {"shift": signup.shift, "when": _when(signup.shift)},
    )


def _tell_confirmed(signup):
    shift = signup.shift
    _tell(
        signup.volunteer,
        f"confirmed:{signup.pk}",
        _("志愿报名成功"),
        _(
            "您已报名“%(shift)s”，时间 %(when)s，地点 %(place)s。签到码 %(code)s，到场时出示“我的志愿服务”页上的二维码。"
        )
        % {"shift": shift, "when": _when(shift), "place": shift.place_label, "code": signup.code},
        link=reverse("volunteers:mine"),
    )


@transaction.atomic
def approve(signup, approve_it=True):
    capacity.lock(Signup.objects.values_list("shift__pool_id", flat=True).get(pk=signup.pk))
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("shift__event", "volunteer")
        .get(pk=signup.pk)
    )
    if signup.state != Signup.ACTIVE or signup.approved:
        raise Refused(_("这条报名不需要审核。"))
    if approve_it:
        signup.approved = True
        signup.save(update_fields=["approved"])
        _tell_confirmed(signup)
    else:
        capacity.release(signup.claim_id, reason="rejected")
        signup.end(Signup.REJECTED)
        _tell(
            signup.volunteer,
            f"rejected:{signup.pk}",
            _("志愿报名未通过"),
            _("很抱歉，您报名的“%(shift)s”未通过审核。") % {"shift": signup.shift},
        )
    listing_generation.bump()
    return signup


def cancel(signup, *, now=None):
    """The volunteer cancels (or leaves the waiting list); after the deadline it is 'late'."""
    now = now or timezone.now()
    with transaction.atomic():
        capacity.lock(Signup.objects.values_list("shift__pool_id", flat=True).get(pk=signup.pk))
        signup = (
            Signup.objects.select_for_update(of=("self",)).select_related("shift", "claim").get(pk=signup.pk)
        )
        if signup.state != Signup.ACTIVE:
            raise Refused(_("这条报名已经取消或结束。"))
        if signup.checked_in_at or now >= signup.shift.starts_at:
            raise Refused(_("岗位已经开始，不能再取消；如有困难请联系组织者。"))
        held = signup.claim.status == Claim.HELD
        capacity.release(signup.claim_id, reason="cancelled")
        late = held and now > signup.shift.cancel_deadline
        signup.end(Signup.CANCELLED_LATE if late else Signup.CANCELLED, at=now)
        # The old "报名成功" (or waiting, pending) notice would contradict the cancellation.
        Notice.objects.filter(
            volunteer_id=signup.volunteer_id,
            key__in=[f"volunteers:{kind}:{signup.pk}" for kind in ("confirmed", "pending", "waiting")],
        ).delete()
    listing_generation.bump()
    return signup


# --- offers --------------------------------------------------------------------------


def offer_token(signup):
    return signing.dumps({"s": signup.pk, "c": signup.claim_id}, salt=OFFER_SALT)


def signup_from_token(token):
    """The sign-up an offer link names, or None for a forged or mangled link."""
    try:
        data = signing.loads(token, salt=OFFER_SALT)
        return Signup.objects.select_related("shift__event", "claim", "volunteer").get(
            pk=data["s"], claim_id=data["c"]
        )
    except (signing.BadSignature, Signup.DoesNotExist, KeyError, TypeError, ValueError):
        return None


def confirm_offer(signup):
    """The volunteer takes the place offered: one transaction in the capacity service (the
    rules re-checked, the claim held, the message queued). A lapsed offer is answered with
    Refused once its place has gone on to the next."""
    try:
        claim = capacity.confirm_offer(signup.claim_id)
    except capacity.NotOffered as error:
        raise Refused(_("这个递补名额已经确认、放弃或失效。")) from error
    if claim.status != Claim.HELD:
        raise Refused(_("这个递补名额已过确认时间，已递补给下一位。"))
    listing_generation.bump()
    signup.refresh_from_db()
    return signup


def decline_offer(signup):
    with transaction.atomic():
        try:
            capacity.decline_offer(signup.claim_id)
        except capacity.NotOffered as error:
            raise Refused(_("这个递补名额已经确认、放弃或失效。")) from error
        Signup.objects.filter(pk=signup.pk, state=Signup.ACTIVE).update(
            state=Signup.DECLINED, ended_at=timezone.now()
        )
    listing_generation.bump()
