"""Volunteers' accounts: registration, identity, deletion (the record kept anonymously)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import accounts, capacity, roles

from .. import numbering
from ..models import Signup, Volunteer
from .common import Refused
from .signups import cancel


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
    """A new volunteer and their sign-in (username = mobile). Refused when the mobile is taken.

    A walk-in registered on the day by an organiser has a record but no sign-in: proving the
    same mobile gives that record its sign-in, so their hours stay theirs."""
    User = get_user_model()
    if User.objects.filter(username=mobile).exists():
        raise Refused(_("这个手机号已经注册过，请直接登录。"))
    # Lock the volunteer row only (PostgreSQL refuses FOR UPDATE on an outer join's side).
    walk_in = (
        Volunteer.objects.select_for_update(of=("self",))
        .filter(mobile=mobile, user_id__isnull=True, deleted_at__isnull=True)
        .first()
    )
    if walk_in is not None:
        return _claim_walk_in(
            walk_in,
            password=password,
            name=name,
            township=township,
            birth_date=birth_date,
            skills=skills,
            email=email,
            emergency_name=emergency_name,
            emergency_phone=emergency_phone,
        )
    if Volunteer.objects.filter(mobile=mobile).exists():
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


def _claim_walk_in(volunteer, *, password, skills, **fields):
    user = get_user_model().objects.create_user(
        username=volunteer.mobile, password=password, first_name=fields["name"][:150], email=fields["email"]
    )
    for name, value in fields.items():
        setattr(volunteer, name, value)
    volunteer.user = user
    volunteer.consent_at = timezone.now()
    volunteer.save()
    volunteer.skills.set(skills)
    group, _created = Group.objects.get_or_create(name=roles.VOLUNTEER)
    user.groups.add(group)
    return volunteer


def set_identity(volunteer, id_type, number):
    from ..identity import encrypt, normalise

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
