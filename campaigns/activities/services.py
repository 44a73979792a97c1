"""Every change to activities and trainings that must hold: each one function, one transaction.

Views call these; they never import views. Staff decisions go to Wagtail's audit log,
messages to the outbox, in the transaction that causes them.
"""

import calendar
import datetime
import random
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

from outreach import notify
from outreach.models import Notification

from .models import (
    Activity,
    ActivityPhoto,
    Attendance,
    KeyUnit,
    Question,
    TrainingCertificate,
    TrainingSession,
)

CERTIFICATE_PREFIX = "XWPX"
ISSUER = "修武县消防救援大队"
# Re-training reminders go out this long before a certificate expires.
REMIND_BEFORE = datetime.timedelta(days=30)


class Refused(Exception):
    """A rule said no; the message is for the person who asked, in their language."""


# Activities ----------------------------------------------------------------------------


@transaction.atomic
def record_activity(form, user, photos=()):
    """Save a recorded activity (a validated ActivityForm) with its re-encoded photos."""
    activity = form.save(commit=False)
    is_new = activity.pk is None
    if is_new:
        activity.created_by = user
    # A correction goes back to the team: what they approved is not what is there now.
    activity.status = Activity.SUBMITTED
    activity.reviewed_at = None
    activity.save()
    form.save_m2m()
    for content in photos:
        photo = ActivityPhoto(activity=activity)
        photo.image.save("photo.jpg", content, save=True)
    log(instance=activity, action="activities.submit", user=user, data={"new": is_new})
    return activity


@transaction.atomic
def review_activity(activity_id, user, *, approve, reason=""):
    """Approve an activity (it counts from now on) or return it with a reason."""
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if activity.status != Activity.SUBMITTED:
        raise Refused(_("这条活动已经审核过了。"))
    if not approve and not reason.strip():
        raise Refused(_("退回时请写明原因，方便填报人修改。"))
    activity.status = Activity.APPROVED if approve else Activity.RETURNED
    activity.review_note = reason.strip()[:200]
    activity.reviewed_at = timezone.now()
    activity.reviewed_by = user
    activity.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
    log(
        instance=activity,
        action="activities.approve" if approve else "activities.return",
        user=user,
        data={"reason": activity.review_note},
    )
    recorder = activity.created_by
    if recorder is not None and recorder.email:
        if approve:
            subject = _("宣传活动已审核通过：%(title)s") % {"title": activity.title}
            body = _("您填报的活动“%(title)s”（%(date)s）已审核通过，计入全县宣传活动统计。")
        else:
            subject = _("宣传活动被退回：%(title)s") % {"title": activity.title}
            body = _("您填报的活动“%(title)s”（%(date)s）被退回，原因：%(reason)s。请修改后重新提交。")
        notify.queue(
            f"activity:{activity.pk}:{activity.status}:{activity.reviewed_at:%Y%m%d%H%M%S}",
            recorder.email,
            body % {"title": activity.title, "date": activity.date, "reason": activity.review_note},
            subject=subject,
        )
    return activity


@transaction.atomic
def news_draft_from(activity_id, user):
    """A news item draft (not published: it goes through the 宣传审核 workflow) made from an
    approved activity, with its photos; the same activity never makes two."""
    from campaigns.models import NewsIndexPage, NewsPage, NewsPhoto

    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if activity.status != Activity.APPROVED:
        raise Refused(_("只有审核通过的活动才能生成新闻稿。"))
    if activity.news_page_id:
        return activity.news_page, False
    index = NewsIndexPage.objects.first()
    if index is None:
        raise Refused(_("网站还没有“新闻动态”栏目，请先建立栏目。"))
    settings = list(activity.outreach_settings.all())
    text = _(
        "%(date)s，%(organiser)s在%(place)s开展“%(title)s”%(kind)s活动，约%(audience)s人参加，发放宣传资料%(materials)s份。"
    ) % {
        "date": f"{activity.date.year}年{activity.date.month}月{activity.date.day}日",
        "organiser": activity.organiser,
        "place": activity.place,
        "title": activity.title,
        "kind": activity.kind.name,
        "audience": activity.audience,
        "materials": activity.materials,
    }
    page = NewsPage(
        title=activity.title,
        slug=slugify(f"activity-{activity.pk}") or f"activity-{activity.pk}",
        date=activity.date,
        township=activity.township,
        outreach_setting=settings[0] if settings else None,
        intro=text[:400],
        body=[("paragraph", f"<p>{text}</p>")]
        + ([("paragraph", f"<p>{activity.summary}</p>")] if activity.summary else []),
        live=False,
    )
    index.add_child(instance=page)
    Image = get_image_model()
    for order, photo in enumerate(activity.photos.all()):
        photo.image.open("rb")
        image = Image(title=f"{activity.title} {order + 1}", file=None)
        image.file.save(f"activity-{activity.pk}-{order + 1}.jpg", photo.image.file, save=False)
        photo.image.close()
        image.save()
        NewsPhoto.objects.create(page=page, image=image, sort_order=order)
    page.save_revision(user=user, log_action=True)
    activity.news_page = page
    activity.save(update_fields=["news_page"])
    log(instance=activity, action="activities.news_draft", user=user, data={"page": page.pk})
    return page, True


# Trainings -----------------------------------------------------------------------------


def _plain_name(name):
    """A unit's name as people type it differently: no spaces, half-width brackets."""
    return re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")


def matching_key_unit(unit_name, township_id=None):
    """The key unit an attendee's typed unit names: the exact name, else the same name
    written with other spaces or brackets (within the session's township when known).
    None when nothing matches; staff then set it on the attendance list."""
    exact = KeyUnit.objects.filter(name=unit_name.strip()).first()
    if exact is not None:
        return exact
    plain = _plain_name(unit_name)
    units = KeyUnit.objects.all() if township_id is None else KeyUnit.objects.filter(township_id=township_id)
    return next(
        (unit for unit in units.only("pk", "name", "township_id") if _plain_name(unit.name) == plain), None
    )


@transaction.atomic
def set_key_unit(attendance, key_unit, user):
    """Staff say which key unit an attendee works for (or none): the typed name did not
    match, or matched the wrong one. Counts in the unit's coverage from now."""
    if key_unit is not None and key_unit.township_id != attendance.session.township_id:
        raise Refused(_("这个重点单位不在本场培训的乡镇。"))
    before = attendance.key_unit.name if attendance.key_unit_id else ""
    attendance.key_unit = key_unit
    attendance.save(update_fields=["key_unit"])
    log(
        instance=attendance.session,
        action="activities.attendee_key_unit",
        user=user,
        data={"name": attendance.name, "from": before, "to": key_unit.name if key_unit else ""},
    )
    return attendance


def sign_in(session_id, *, name, unit, category, mobile, post="", now=None):
    """An attendee's own sign-in. Refused when sign-in is not open or the number has
    signed in already; a row staff entered beforehand for the same number is ticked."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            session = TrainingSession.objects.select_for_update().get(pk=session_id)
            state = session.sign_in_state(now)
            if state == "closed":
                raise Refused(_("这场培训的签到已经结束，不能再签到。如有疑问请联系工作人员。"))
            if state == "early":
                raise Refused(_("签到还没有开始：培训开始前两小时开放签到。"))
            if not session.categories.filter(pk=category.pk).exists():
                raise Refused(_("请选择本场培训的人员类别。"))
            expected = Attendance.objects.filter(session=session, mobile=mobile).first()
            if expected is not None:
                if expected.signed_in_at:
                    raise Refused(_("这个手机号码已经签到过了，不用重复签到。"))
                expected.signed_in_at = now
                expected.name, expected.unit, expected.category, expected.post = name, unit, category, post
                expected.save(update_fields=["signed_in_at", "name", "unit", "category", "post"])
                attendance = expected
            else:
                attendance = Attendance.objects.create(
                    session=session,
                    name=name,
                    unit=unit,
                    post=post,
                    category=category,
                    mobile=mobile,
                    key_unit=matching_key_unit(unit, session.township_id),
                    signed_in_at=now,
                    source=Attendance.QR,
                )
            # Without a quiz, signing in is what earns the certificate.
            issue_certificate(attendance)
            return attendance
    except IntegrityError as error:
        # Two phones with the same number at the same instant: the constraint decided.
        raise Refused(_("这个手机号码已经签到过了，不用重复签到。")) from error


@transaction.atomic
def add_expected(session, *, name, unit, category, mobile, user, post=""):
    """Staff put someone on the list (to tick when they arrive)."""
    if Attendance.objects.filter(session=session, mobile=mobile).exists():
        raise Refused(_("名单里已经有这个手机号码。"))
    attendance = Attendance.objects.create(
        session=session,
        name=name,
        unit=unit,
        post=post,
        category=category,
        mobile=mobile,
        key_unit=matching_key_unit(unit, session.township_id),
        source=Attendance.STAFF,
    )
    log(instance=session, action="activities.attendee_add", user=user, data={"name": name})
    return attendance


@transaction.atomic
def tick(session, attendance_ids, user, now=None):
    """Staff tick who is present; returns how many were newly marked."""
    now = now or timezone.now()
    TrainingSession.objects.select_for_update().get(pk=session.pk)
    # Those already present got their certificate when they signed in or were ticked.
    newly = list(
        Attendance.objects.filter(
            session=session, pk__in=attendance_ids, signed_in_at__isnull=True
        ).values_list("pk", flat=True)
    )
    marked = Attendance.objects.filter(pk__in=newly).update(signed_in_at=now)
    if marked:
        log(instance=session, action="activities.tick", user=user, data={"count": marked})
        for attendance in Attendance.objects.filter(pk__in=newly).select_related("category", "session"):
            issue_certificate(attendance)
    return marked


@transaction.atomic
def close_sign_in(session, user, now=None):
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is None:
        session.closed_at = now or timezone.now()
        session.save(update_fields=["closed_at"])
        log(instance=session, action="activities.close", user=user, data={})
    return session


# Quizzes -------------------------------------------------------------------------------


def quiz_questions(attendance):
    """The questions of this attempt: the same for the page shown and the answers graded
    (drawn from the attendance and the attempt number, never from what the phone sends)."""
    quiz = attendance.session.quiz
    pool = list(Question.objects.filter(bank=quiz.bank).prefetch_related("choices").order_by("pk"))
    rng = random.Random(f"{attendance.pk}:{attendance.attempts}")  # noqa: S311 - not a secret
    return rng.sample(pool, min(quiz.question_count, len(pool)))


def grade(questions, answers):
    """Percent of questions answered exactly right; answers maps question id -> set of choice ids."""
    if not questions:
        return 0
    right = 0
    for question in questions:
        correct = {choice.pk for choice in question.choices.all() if choice.is_correct}
        if answers.get(question.pk, set()) == correct:
            right += 1
    return round(right * 100 / len(questions))


def submit_quiz(attendance_id, answers, now=None):
    """Record one attempt's score; issue the certificate when it passes. Returns the
    attendance (refreshed)."""
    now = now or timezone.now()
    with transaction.atomic():
        attendance = (
            Attendance.objects.select_for_update(of=("self",))
            .select_related("session__quiz")
            .get(pk=attendance_id)
        )
        quiz = attendance.session.quiz
        if quiz is None or not attendance.present:
            raise Refused(_("这场培训没有测验。"))
        if attendance.passed_at:
            raise Refused(_("您已经通过测验了。"))
        if attendance.attempts >= quiz.max_attempts:
            raise Refused(_("作答次数已用完，请联系培训工作人员。"))
        score = grade(quiz_questions(attendance), answers)
        attendance.attempts += 1
        attendance.score = score
        fields = ["attempts", "score"]
        if score >= quiz.pass_mark:
            attendance.passed_at = now
            fields.append("passed_at")
        attendance.save(update_fields=fields)
        if attendance.passed_at:
            issue_certificate(attendance)
    return attendance


# Certificates --------------------------------------------------------------------------


def add_months(day, months):
    """The same day `months` later (the month's last day where it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def may_have_certificate(attendance):
    return attendance.present and (attendance.session.quiz_id is None or attendance.passed_at is not None)


def issue_certificate(attendance):
    """The attendee's certificate (made once): number, validity from the category's rule.
    Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue_certificate() runs inside the transaction that earns it")
    existing = TrainingCertificate.objects.filter(attendance=attendance).first()
    if existing or not may_have_certificate(attendance):
        return existing
    session = attendance.session
    trained_on = timezone.localtime(session.starts_at).date()
    certificate = TrainingCertificate.objects.create(
        # A placeholder unique per row until the id, which numbers it, is known.
        number=f"tmp-{attendance.pk}",
        attendance=attendance,
        name=attendance.name,
        unit=attendance.unit,
        category=attendance.category.name,
        topic=session.topic,
        trained_on=trained_on,
        valid_until=add_months(trained_on, attendance.category.validity_months) - datetime.timedelta(days=1),
        issuer=ISSUER,
        # Issued when earned: on passing the quiz, or on signing in where there is none.
        issued_on=timezone.localdate(attendance.passed_at or attendance.signed_in_at),
    )
    # Numbered by the year and the row's id: unique without a counter to lock.
    certificate.number = f"{CERTIFICATE_PREFIX}{trained_on.year}-{certificate.pk:05d}"
    certificate.save(update_fields=["number"])
    return certificate


def remind_expiring(today=None):
    """Queue a re-training reminder for each certificate expiring within REMIND_BEFORE whose
    holder has not trained again in the same category since. Idempotent: one message per
    certificate (the outbox key), however often this runs; returns how many were new."""
    today = today or timezone.localdate()
    due = TrainingCertificate.objects.filter(
        valid_until__gte=today, valid_until__lte=today + REMIND_BEFORE
    ).select_related("attendance__category")
    queued = 0
    for certificate in due:
        attendance = certificate.attendance
        newer = TrainingCertificate.objects.filter(
            attendance__mobile=attendance.mobile,
            attendance__category=attendance.category,
            valid_until__gt=certificate.valid_until,
        ).exists()
        if newer:
            continue
        key = f"training-certificate:{certificate.pk}:renew"
        if Notification.objects.filter(key=key).exists():
            continue
        with transaction.atomic():
            text = _(
                "【修武消防】%(name)s您好：您的%(category)s消防安全培训证书（%(number)s）将于%(day)s到期，请及时参加复训。"
            ) % {
                "name": certificate.name,
                "category": certificate.category,
                "number": certificate.number,
                "day": certificate.valid_until.isoformat(),
            }
            notify.queue(key, attendance.mobile, text, channel=Notification.SMS)
            queued += 1
    return queued
