"""Everything that changes volunteers' places, hours and records, one transaction each.

Places are the capacity service's (outreach.capacity): a sign-up claims one place of its
shift's pool, or waits for one. `ShiftClaims`, this app's handler in that service, runs the
same eligibility rules on every way into a place (sign-up, organiser's add, confirming an
offer) inside capacity's transaction. Lock order: the shift's pool, then the volunteer's
row (so two sign-ups of one person cannot both pass the overlap check), then the sign-up.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import access, accounts, capacity, roles
from outreach.models import Claim
from outreach.siteurl import absolute

from . import numbering, qualifications
from .cache import listing_generation
from .messages import tell as _tell
from .models import Certificate, Event, Qualification, Shift, Signup, Volunteer

OFFER_WINDOW = timedelta(hours=12)
OFFERS_STOP_BEFORE_START = timedelta(hours=2)
NO_SHOW_AFTER = timedelta(minutes=30)
CHECKOUT_GRACE = timedelta(hours=1)
QUALIFICATION_WARNING_DAYS = 30
OFFER_SALT = "volunteers.offer"


class Refused(Exception):
    """A sign-up or action refused, with the reason to show (Chinese, or English)."""

    def __init__(self, message, *, can_wait=False):
        super().__init__(message)
        self.message = message
        self.can_wait = can_wait


# --- volunteers ----------------------------------------------------------------------


def next_volunteer_number():
    """XW + year + serial, from the year's counter (inside the registering transaction)."""
    return numbering.next_number(f"XW{timezone.localdate().year}", Volunteer)


@transaction.atomic
def register(
    *,
    name,
    mobile,
    password,
    township,
    birth_date,
    skills=(),
    email="",
    emergency_name="",
    emergency_phone="",
):
    """A new volunteer and their sign-in (username = mobile). Refused when the mobile is taken."""
    User = get_user_model()
    if User.objects.filter(username=mobile).exists() or Volunteer.objects.filter(mobile=mobile).exists():
        raise Refused(_("这个手机号已经注册过，请直接登录。"))
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=mobile, password=password, first_name=name[:150], email=email
            )
            volunteer = Volunteer.objects.create(
                user=user,
                number=next_volunteer_number(),
                name=name,
                mobile=mobile,
                email=email,
                birth_date=birth_date,
                township=township,
                emergency_name=emergency_name,
                emergency_phone=emergency_phone,
                consent_at=timezone.now(),
            )
    except IntegrityError as error:
        # The same mobile registered at the same instant; anything else is not a refusal.
        if User.objects.filter(username=mobile).exists() or Volunteer.objects.filter(mobile=mobile).exists():
            raise Refused(_("这个手机号已经注册过，请直接登录。")) from error
        raise
    volunteer.skills.set(skills)
    group, _created = Group.objects.get_or_create(name=roles.VOLUNTEER)
    user.groups.add(group)
    return volunteer


def set_identity(volunteer, id_type, number):
    from .identity import encrypt, normalise

    clean = normalise(id_type, number)
    volunteer.id_type = id_type
    volunteer.id_number_encrypted = encrypt(clean)
    volunteer.save(update_fields=["id_type", "id_number_encrypted"])


@transaction.atomic
def delete_account(volunteer):
    """The volunteer's own 注销: their sign-in account is deleted (outreach.accounts), which
    runs `forget` below through the account_deleting signal. No row is locked here:
    `forget` takes the shifts' pools first, then the volunteer, as a sign-up does."""
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    if volunteer.user_id:
        accounts.delete_account(volunteer.user)
    else:
        accounts.forget_addresses(forget(volunteer))


def forget(volunteer):
    """Identity gone, the row kept anonymous: the service record (hours, event, date, who
    recorded them) stays, as 志愿服务记录与证明出具办法 asks, and still counts in totals.
    Future sign-ups are cancelled, qualifications (and their scans) and notices deleted,
    certificates withdrawn. Returns the addresses the volunteer was reached at."""
    now = timezone.now()
    # Pools before the volunteer's row, as a sign-up takes them (capacity, then ShiftClaims).
    for pool_id in sorted(
        set(
            Signup.objects.filter(volunteer=volunteer, state=Signup.ACTIVE).values_list(
                "shift__pool_id", flat=True
            )
        )
    ):
        capacity.lock(pool_id)
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    for signup in volunteer.signups.filter(
        state=Signup.ACTIVE, shift__starts_at__gt=now, checked_in_at__isnull=True
    ):
        cancel(signup, now=now)
    addresses = {volunteer.mobile, volunteer.email}
    volunteer.qualifications.all().delete()
    volunteer.notices.all().delete()
    volunteer.skills.clear()
    volunteer.leading.clear()
    volunteer.certificates.filter(withdrawn_at__isnull=True).update(name="", masked_id="", withdrawn_at=now)
    Volunteer.objects.filter(pk=volunteer.pk).update(
        user=None,
        name="",
        mobile=None,
        email="",
        birth_date=None,
        emergency_name="",
        emergency_phone="",
        id_type="",
        id_number_encrypted="",
        deleted_at=now,
    )
    return {address for address in addresses if address}


# --- events and shifts ---------------------------------------------------------------


def _offers_close(starts_at):
    return starts_at - OFFERS_STOP_BEFORE_START


@transaction.atomic
def create_shift(event, *, places, starts_at, **fields):
    pool = capacity.create_pool(
        places,
        kind=POOL_KIND,
        offer_window=OFFER_WINDOW,
        offers_close_at=_offers_close(starts_at),
        label=f"{event.title}"[:200],
    )
    shift = Shift.objects.create(event=event, starts_at=starts_at, pool=pool, **fields)
    listing_generation.bump()
    return shift


@transaction.atomic
def update_shift(shift, **fields):
    """Change a shift; a new time or place is told to everyone signed up or waiting."""
    old = Shift.objects.select_related("event", "pool").get(pk=shift.pk)
    places = fields.pop("places", None)
    for name, value in fields.items():
        setattr(shift, name, value)
    if places is not None and places != old.pool.size:
        try:
            capacity.set_size(shift.pool_id, places)
        except capacity.Full as error:
            raise Refused(_("已确认的人数多于新名额，不能减少到这个数。")) from error
        shift.pool.refresh_from_db()
    if shift.starts_at != old.starts_at:
        capacity.set_offer_bounds(
            shift.pool_id, offer_window=OFFER_WINDOW, offers_close_at=_offers_close(shift.starts_at)
        )
    shift.save()
    moved = (shift.starts_at, shift.ends_at, shift.place_label) != (
        old.starts_at,
        old.ends_at,
        old.place_label,
    )
    if moved:
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        for signup in shift.signups.filter(state=Signup.ACTIVE).select_related("volunteer", "shift__event"):
            _tell(
                signup.volunteer,
                f"changed:{signup.pk}:{stamp}",
                _("志愿活动变更"),
                _("您报名的“%(shift)s”有变动：现在是 %(when)s，地点 %(place)s。如不能参加，请登录取消。")
                % {"shift": shift, "when": _when(shift), "place": shift.place_label},
                link=reverse("volunteers:mine"),
            )
    listing_generation.bump()
    return shift


@transaction.atomic
def cancel_event(event):
    """Call the event off: every place is released and everyone signed up or waiting told."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.CANCELLED:
        return 0
    event.status = Event.CANCELLED
    event.save(update_fields=["status"])
    told = 0
    for shift in event.shifts.all():
        capacity.close(shift.pool_id, reason="called_off")
        for signup in shift.signups.filter(state=Signup.ACTIVE).select_related("volunteer"):
            signup.end(Signup.CALLED_OFF)
            _tell(
                signup.volunteer,
                f"called-off:{signup.pk}",
                _("志愿活动取消"),
                _("很抱歉，“%(shift)s”（%(when)s）已取消，您的报名随之取消。")
                % {"shift": shift, "when": _when(shift)},
                link=reverse("volunteers:mine"),
            )
            told += 1
    listing_generation.bump()
    return told


# --- sign-up -------------------------------------------------------------------------


def _when(shift):
    start = timezone.localtime(shift.starts_at)
    end = timezone.localtime(shift.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


SIGN_UP, ORGANISER_ADD, OFFER = "sign_up", "organiser_add", "offer"


def check_eligible(volunteer, shift, now, *, way=SIGN_UP, signup=None):
    """Raise Refused with the reason when the volunteer may not take this shift.

    The same rules on every way into a place; only the sign-up deadline is the volunteer's
    own (an organiser may add someone later, an offer is confirmed until it expires), and a
    sign-up being confirmed does not conflict with itself."""
    if shift.event.status != Event.PUBLISHED:
        raise Refused(_("这个活动目前不接受报名。"))
    if now >= shift.starts_at or (way == SIGN_UP and now >= shift.signup_deadline):
        raise Refused(_("这个岗位的报名已经截止。"))
    age = volunteer.age_on(timezone.localtime(shift.starts_at).date())
    if age is None or age < shift.min_age:
        raise Refused(_("这个岗位要求年满%(age)s周岁。") % {"age": shift.min_age})
    problem = qualifications.training_problem(volunteer, shift)
    if problem:
        raise Refused(problem)
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


POOL_KIND = "volunteers.shift"


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


def listing_changed():
    transaction.on_commit(listing_generation.bump)


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
            approved=way == ORGANISER_ADD or shift.method == Shift.INSTANT,
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


# --- check-in, hours, no-shows --------------------------------------------------------


def compute_hours(shift, checked_in_at, checked_out_at):
    """Hours on the post: only inside the shift's times (travel and waiting excluded)."""
    start = max(checked_in_at, shift.starts_at)
    end = min(checked_out_at, shift.ends_at)
    seconds = max((end - start).total_seconds(), 0)
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def find_by_code(shift, code):
    """The sign-up of this shift with this code. A code of another shift gets the same
    answer as no code at all: the refusal names no other shift, event or volunteer."""
    code = (code or "").strip().upper()
    signup = (
        Signup.objects.select_related("volunteer", "shift", "claim").filter(code=code, shift=shift).first()
    )
    if signup is None:
        raise Refused(_("这个签到码不属于本岗位，请核对后重新输入。"))
    return signup


@transaction.atomic
def check_in(shift, code, *, now=None):
    now = now or timezone.now()
    signup = find_by_code(shift, code)
    signup = (
        Signup.objects.select_for_update(of=("self",))
        .select_related("volunteer", "shift", "claim")
        .get(pk=signup.pk)
    )
    if (
        signup.state not in (Signup.ACTIVE, Signup.NO_SHOW)
        or signup.claim.status != Claim.HELD
        or not signup.approved
    ):
        raise Refused(_("%(name)s 没有这个岗位的确认名额，不能签到。") % {"name": signup.volunteer})
    if now > shift.ends_at:
        raise Refused(_("岗位已经结束，不能再签到；请在“待确认时长”中核实。"))
    if signup.checked_in_at is None:
        signup.checked_in_at = now
        signup.state = Signup.ACTIVE  # arriving late clears a no-show mark
        signup.save(update_fields=["checked_in_at", "state"])
    return signup


@transaction.atomic
def check_out(shift, code, *, now=None):
    now = now or timezone.now()
    signup = find_by_code(shift, code)
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("volunteer", "shift").get(pk=signup.pk)
    )
    if signup.checked_in_at is None:
        raise Refused(_("%(name)s 还没有签到，不能签退。") % {"name": signup.volunteer})
    if signup.checked_out_at is None:
        signup.checked_out_at = now
        signup.hours = compute_hours(shift, signup.checked_in_at, now)
        signup.hours_status = Signup.HOURS_TO_CONFIRM
        signup.save(update_fields=["checked_out_at", "hours", "hours_status"])
    return signup


def flag_missing_checkouts(now=None):
    """A forgotten check-out is flagged for the organiser, never credited on its own."""
    now = now or timezone.now()
    return Signup.objects.filter(
        checked_in_at__isnull=False,
        checked_out_at__isnull=True,
        hours_status=Signup.HOURS_NONE,
        shift__ends_at__lte=now - CHECKOUT_GRACE,
    ).update(hours_status=Signup.HOURS_MISSING_OUT)


def mark_no_shows(now=None):
    """Confirmed but not checked in 30 minutes after the start: no-show. Safe to run twice."""
    now = now or timezone.now()
    return Signup.objects.filter(
        state=Signup.ACTIVE,
        approved=True,
        claim__status=Claim.HELD,
        checked_in_at__isnull=True,
        shift__starts_at__lte=now - NO_SHOW_AFTER,
    ).update(state=Signup.NO_SHOW, ended_at=now)


@transaction.atomic
def confirm_hours(signup, user, hours=None):
    """The recording organisation confirms the hours (谁记录谁证明); `hours` overrides them,
    never beyond the shift's length."""
    signup = Signup.objects.select_for_update(of=("self",)).select_related("shift").get(pk=signup.pk)
    if signup.checked_in_at is None:
        raise Refused(_("没有签到记录，不能确认时长。"))
    if hours is not None:
        if hours <= 0 or hours > signup.shift.duration_hours:
            raise Refused(
                _("时长应在0到%(max)s小时之间（不能超出岗位时间，路途时间不计）。")
                % {"max": signup.shift.duration_hours}
            )
        signup.hours = Decimal(hours).quantize(Decimal("0.1"))
    if signup.hours is None:
        raise Refused(_("志愿者未签退，请填写核实后的时长再确认。"))
    signup.hours_status = Signup.HOURS_CONFIRMED
    signup.hours_confirmed_by = user
    signup.hours_confirmed_at = timezone.now()
    signup.save(update_fields=["hours", "hours_status", "hours_confirmed_by", "hours_confirmed_at"])
    return signup


# --- messages ------------------------------------------------------------------------


def send_day_before_reminders(now=None):
    """Remind every confirmed volunteer of a shift starting in the next 24 hours, once."""
    now = now or timezone.now()
    sent = 0
    for signup in (
        Signup.objects.confirmed()
        .filter(shift__starts_at__gt=now, shift__starts_at__lte=now + timedelta(hours=24))
        .select_related("volunteer", "shift__event")
    ):
        with transaction.atomic():
            _tell(
                signup.volunteer,
                f"reminder:{signup.pk}",
                _("明天的志愿服务提醒"),
                _("提醒：您报名的“%(shift)s”将于 %(when)s 在 %(place)s 开始，请提前到场签到。")
                % {"shift": signup.shift, "when": _when(signup.shift), "place": signup.shift.place_label},
                sms=True,
            )
        sent += 1
    return sent


def warn_expiring_qualifications(today=None):
    """Warn the volunteer and their team's leaders before a qualification expires, once."""
    today = today or timezone.localdate()
    due = (
        Qualification.objects.verified()
        .filter(
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=QUALIFICATION_WARNING_DAYS),
            volunteer__deleted_at__isnull=True,
        )
        .select_related("volunteer__team", "training")
    )
    warned = 0
    for qualification in due:
        volunteer = qualification.volunteer
        with transaction.atomic():
            key = f"qualification:{qualification.pk}:{qualification.valid_until}"
            _tell(
                volunteer,
                key,
                _("资质即将到期"),
                _("您的“%(training)s”将于%(day)s到期，到期后不能报名需要它的岗位，请及时复训。")
                % {"training": qualification.training, "day": qualification.valid_until},
            )
            if volunteer.team_id:
                for leader in volunteer.team.leaders.exclude(pk=volunteer.pk):
                    _tell(
                        leader,
                        f"{key}:leader:{leader.pk}",
                        _("队员资质即将到期"),
                        _("队员%(name)s的“%(training)s”将于%(day)s到期，请安排复训。")
                        % {
                            "name": volunteer.name,
                            "training": qualification.training,
                            "day": qualification.valid_until,
                        },
                    )
            Qualification.objects.filter(pk=qualification.pk).update(warned_on=today)
        warned += 1
    return warned


# --- certificates --------------------------------------------------------------------


def issuing_township(user):
    """The organisation a user certifies for (谁记录谁证明): the county's (None) for the
    publicity team, else the township the user belongs to."""
    if access.has_role(user, *access.COUNTY_WIDE.volunteers):
        return None
    return access.township_id_of(user)


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


# --- figures for the plan dashboard ---------------------------------------------------


def volunteers_registered(township=None):
    qs = Volunteer.objects.current()
    return qs.filter(township=township).count() if township else qs.count()


def volunteers_active(year):
    """Volunteers (deleted ones included, anonymously) with confirmed hours in the year."""
    return (
        Signup.objects.filter(hours_status=Signup.HOURS_CONFIRMED, shift__starts_at__year=year)
        .values("volunteer")
        .distinct()
        .count()
    )


def confirmed_hours(year=None):
    qs = Signup.objects.filter(hours_status=Signup.HOURS_CONFIRMED)
    if year:
        qs = qs.filter(shift__starts_at__year=year)
    return Decimal(qs.aggregate(total=Sum("hours"))["total"] or 0).quantize(Decimal("0.1"))


def by_township(year=None):
    """[{township, registered, hours}] for every township (one query each kind)."""
    from outreach.models import Township

    hours_filter = Q(volunteers__signups__hours_status=Signup.HOURS_CONFIRMED)
    if year:
        hours_filter &= Q(volunteers__signups__shift__starts_at__year=year)
    registered = dict(
        Township.objects.annotate(
            n=Count("volunteers", filter=Q(volunteers__deleted_at__isnull=True))
        ).values_list("pk", "n")
    )
    hours = dict(
        Township.objects.annotate(h=Sum("volunteers__signups__hours", filter=hours_filter)).values_list(
            "pk", "h"
        )
    )
    return [
        {"township": t, "registered": registered.get(t.pk, 0), "hours": hours.get(t.pk) or Decimal(0)}
        for t in Township.objects.all()
    ]
