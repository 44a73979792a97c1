"""Organiser screens: the publicity team for every event, township officers for their
township's. Every view checks the scope itself (404 outside it)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach.exports import Sheet, csv_response, xlsx_response
from outreach.http import parse_id
from outreach.models import SiteContactSettings, Township
from outreach.security import uses_camera

from .. import qualifications, services
from ..cache import listing_generation
from ..forms import CertificateForm, CodeForm, EventForm, HoursForm, QualificationReviewForm, ShiftForm
from ..identity import reveal
from ..models import ROSTER_LABELS, Event, Qualification, Shift, Signup, Skill, Volunteer
from ..permissions import (
    activities_to_serve,
    events_for,
    is_organiser,
    issuing_township,
    shifts_for,
    townships_for,
    volunteers_for,
)


def _require_organiser(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not is_organiser(request.user):
        raise PermissionDenied


@login_required
def dashboard(request):
    _require_organiser(request)
    now = timezone.now()
    events = (
        events_for(request.user)
        .select_related("township")
        .prefetch_related(Prefetch("shifts", queryset=Shift.objects.order_by("starts_at")))
        .order_by("-created_at")[:100]
    )
    pending_hours = (
        Signup.objects.filter(shift__in=shifts_for(request.user))
        .filter(hours_status__in=[Signup.HOURS_TO_CONFIRM, Signup.HOURS_MISSING_OUT])
        .count()
    )
    year = now.year
    return render(
        request,
        "volunteers/manage/dashboard.html",
        {
            "events": events,
            "pending_hours": pending_hours,
            "pending_qualifications": Qualification.objects.filter(
                volunteer__in=volunteers_for(request.user), status=Qualification.SUBMITTED
            ).count(),
            "year": year,
            "stats": {
                "registered": services.volunteers_registered(),
                "active": services.volunteers_active(year),
                "hours": services.confirmed_hours(year),
            },
            "by_township": services.by_township(year),
            "now": now,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk=None):
    _require_organiser(request)
    event = get_object_or_404(events_for(request.user), pk=pk) if pk else None
    form = EventForm(
        request.POST or None,
        instance=event,
        townships=townships_for(request.user),
        activities=activities_to_serve(request.user),
    )
    if request.method == "POST" and form.is_valid():
        created = event is None
        event = form.save(commit=False)
        if created:
            event.created_by = request.user
        if event.status == Event.CANCELLED:
            form.add_error("status", _("请用“取消活动”按钮取消活动，以便通知报名的志愿者。"))
        else:
            event.save()
            listing_generation.bump()
            messages.success(request, _("活动已保存。"))
            return redirect("volunteers:manage_event", event.pk)
    shifts = list(event.shifts.select_related("pool").order_by("starts_at")) if event else []
    return render(
        request,
        "volunteers/manage/event_form.html",
        {"form": form, "event": event, "shifts": shifts},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def event_cancel(request, pk):
    _require_organiser(request)
    event = get_object_or_404(events_for(request.user), pk=pk)
    told = services.cancel_event(event)
    messages.success(request, _("活动已取消，已通知 %(n)s 位报名或候补的志愿者。") % {"n": told})
    return redirect("volunteers:manage_event", event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def shift_edit(request, event_pk, pk=None):
    _require_organiser(request)
    event = get_object_or_404(events_for(request.user), pk=event_pk)
    shift = get_object_or_404(event.shifts.all(), pk=pk) if pk else None
    form = ShiftForm(request.POST or None, instance=shift)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in [*form.Meta.fields, "places"]}
        try:
            if shift is None:
                services.create_shift(event, **data)
            else:
                services.update_shift(Shift.objects.get(pk=shift.pk), **data)
        except services.Refused as refused:
            form.add_error("places", refused.message)
        else:
            messages.success(request, _("岗位已保存。"))
            return redirect("volunteers:manage_event", event.pk)
    return render(
        request,
        "volunteers/manage/shift_form.html",
        {"form": form, "event": event, "shift": shift},
        status=400 if form.errors else 200,
    )


@login_required
def roster(request, pk):
    """Everyone on the shift with their status; tick to check in or out, approve sign-ups."""
    _require_organiser(request)
    shift = get_object_or_404(shifts_for(request.user).select_related("event", "pool"), pk=pk)
    signups = list(shift.signups.select_related("volunteer", "claim").order_by("claim__created_at", "pk"))
    counts = {}
    for signup in signups:
        counts[signup.roster_status] = counts.get(signup.roster_status, 0) + 1
    return render(
        request,
        "volunteers/manage/roster.html",
        {
            "shift": shift,
            "signups": signups,
            "labels": ROSTER_LABELS,
            "counts": counts,
            "code_form": CodeForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@uses_camera
def check_in(request, pk):
    """Scan a volunteer's QR code with the phone's camera (where the browser can), or type
    the code; the roster's tick buttons post here too."""
    _require_organiser(request)
    shift = get_object_or_404(shifts_for(request.user).select_related("event"), pk=pk)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            if action == "out":
                signup = services.check_out(shift, form.cleaned_data["code"])
                messages.success(
                    request,
                    _("%(name)s 已签退，%(h)s小时待确认。") % {"name": signup.volunteer, "h": signup.hours},
                )
            else:
                signup = services.check_in(shift, form.cleaned_data["code"])
                messages.success(request, _("%(name)s 已签到。") % {"name": signup.volunteer})
        except services.Refused as refused:
            messages.error(request, refused.message)
            status = 400
        if request.POST.get("back") == "roster" and status == 200:
            return redirect("volunteers:roster", shift.pk)
        if status == 200:
            return redirect("volunteers:check_in", shift.pk)
        form = CodeForm(initial={"action": action})
    return render(request, "volunteers/manage/check_in.html", {"shift": shift, "form": form}, status=status)


@login_required
@require_POST
def add_volunteer(request, pk):
    """The organiser puts a volunteer (by volunteer number or mobile, within their scope)
    on the shift; the same rules as a sign-up apply, except its deadline."""
    _require_organiser(request)
    shift = get_object_or_404(shifts_for(request.user), pk=pk)
    who = (request.POST.get("who") or "").strip()[:20]
    volunteer = (
        volunteers_for(request.user).filter(Q(number__iexact=who) | Q(mobile=who)).first() if who else None
    )
    if volunteer is None:
        messages.error(request, _("没有找到这位志愿者，请核对志愿者编号或手机号。"))
    else:
        try:
            services.add_by_organiser(shift, volunteer, request.user)
        except services.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("已将 %(name)s 加入这个岗位。") % {"name": volunteer})
    return redirect("volunteers:roster", shift.pk)


@login_required
@require_POST
def approve(request, pk):
    _require_organiser(request)
    signup = get_object_or_404(Signup.objects.filter(shift__in=shifts_for(request.user)), pk=pk)
    try:
        services.approve(signup, approve_it=request.POST.get("answer") != "reject")
    except services.Refused as refused:
        messages.error(request, refused.message)
    return redirect("volunteers:roster", signup.shift_id)


@login_required
@require_http_methods(["GET", "POST"])
def hours(request):
    """Hours waiting for the organiser: to confirm, or forgotten check-outs to verify."""
    _require_organiser(request)
    scope = Signup.objects.filter(shift__in=shifts_for(request.user))
    if request.method == "POST":
        signup = get_object_or_404(scope, pk=parse_id(request.POST.get("signup")) or 0)
        form = HoursForm(request.POST)
        value = None
        if form.is_valid():
            value = form.cleaned_data["hours"]
        try:
            if not form.is_valid():
                raise services.Refused(_("请输入正确的小时数，例如 2.5。"))
            services.confirm_hours(signup, request.user, hours=value)
        except (services.Refused, InvalidOperation) as refused:
            messages.error(request, getattr(refused, "message", _("请输入正确的小时数，例如 2.5。")))
        else:
            messages.success(request, _("已确认 %(name)s 的服务时长。") % {"name": signup.volunteer})
        return redirect("volunteers:hours")
    waiting = list(
        scope.filter(hours_status__in=[Signup.HOURS_TO_CONFIRM, Signup.HOURS_MISSING_OUT])
        .select_related("volunteer", "shift__event")
        .order_by("shift__starts_at", "pk")[:200]
    )
    return render(request, "volunteers/manage/hours.html", {"signups": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def qualification_review(request):
    """Trainings volunteers declared, waiting for an organiser to check the document: the
    publicity team sees every volunteer's, a township officer their township's."""
    _require_organiser(request)
    scope = Qualification.objects.filter(volunteer__in=volunteers_for(request.user))
    if request.method == "POST":
        form = QualificationReviewForm(request.POST)
        qualification = get_object_or_404(scope, pk=parse_id(request.POST.get("qualification")) or 0)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["answer"] == "verify":
                    qualifications.verify(qualification, request.user, obtained_on=data["obtained_on"])
                    messages.success(request, _("已通过，志愿者会收到通知。"))
                else:
                    qualifications.reject(qualification, request.user, data["reason"])
                    messages.success(request, _("已记为未通过，志愿者会收到原因。"))
            except qualifications.NotReviewable as refused:
                messages.error(request, refused.message)
        else:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("volunteers:qualifications")
    waiting = list(
        scope.filter(status=Qualification.SUBMITTED, volunteer__deleted_at__isnull=True)
        .select_related("volunteer__township", "training")
        .order_by("submitted_at", "pk")[:200]
    )
    return render(request, "volunteers/manage/qualifications.html", {"qualifications": waiting})


@login_required
def volunteer_list(request):
    """Volunteers by township and skill (township officers: their township's)."""
    _require_organiser(request)
    qs = volunteers_for(request.user).select_related("township", "team").prefetch_related("skills")
    township_id = parse_id(request.GET.get("township"))
    skill_id = parse_id(request.GET.get("skill"))
    if township_id:
        qs = qs.filter(township_id=township_id)
    if skill_id:
        qs = qs.filter(skills__id=skill_id)
    qs = qs.annotate(
        total_hours=Sum("signups__hours", filter=Q(signups__hours_status=Signup.HOURS_CONFIRMED)),
    )
    skills = Skill.objects.annotate(
        n=Count("volunteers", filter=Q(volunteers__in=volunteers_for(request.user)))
    )
    return render(
        request,
        "volunteers/manage/volunteers.html",
        {
            "volunteers": qs[:500],
            "townships": Township.objects.all(),
            "skills": skills,
            "township_id": township_id,
            "skill_id": skill_id,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_issue(request, pk):
    """A certificate of the hours the organiser's own organisation recorded (谁记录谁证明):
    for their township's volunteers, and for anyone who served on their events."""
    _require_organiser(request)
    township_id = issuing_township(request.user)
    served_here = Signup.objects.filter(
        shift__event__township_id=township_id, hours_status=Signup.HOURS_CONFIRMED
    ).values("volunteer_id")
    reachable = Volunteer.objects.current().filter(
        Q(pk__in=volunteers_for(request.user).values("pk")) | Q(pk__in=served_here)
    )
    volunteer = get_object_or_404(reachable, pk=pk)
    contact = SiteContactSettings.for_request(request)
    township = Township.objects.filter(pk=township_id).first() if township_id else None
    initial = {
        "issuer": f"{contact.office_name}{township.name if township else ''}",
        "handler": request.user.get_full_name() or request.user.get_username(),
    }
    form = CertificateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = services.issue_certificate(
                volunteer, request.user, township_id=township_id, **form.cleaned_data
            )
        except services.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("证明 %(number)s 已出具。") % {"number": certificate.number})
            return redirect("volunteers:certificate_pdf", certificate.pk)
    record = services.confirmed_record(volunteer, township_id)
    return render(
        request,
        "volunteers/manage/certificate_form.html",
        {"form": form, "volunteer": volunteer, "record": record},
    )


EXPORT_HEADER = [
    "姓名",
    "证件类型",
    "证件号码",
    "志愿者编号",
    "手机号码",
    "项目名称",
    "服务岗位",
    "服务地点",
    "服务开始时间",
    "服务结束时间",
    "服务时长（小时）",
    "记录单位",
    "记录人",
    "记录日期",
]


# Years a record can be in; outside them a year lookup would overflow Python's dates.
EXPORT_YEARS = range(2000, 2101)


class BadYear(Exception):
    pass


def _export_year(request):
    """The `?year=` asked for, None for every year; BadYear for anything else."""
    text = request.GET.get("year", "").strip()
    if not text:
        return None
    year = parse_id(text)
    if year not in EXPORT_YEARS:
        raise BadYear
    return year


def _export_rows(request, year):
    qs = (
        Signup.objects.filter(shift__in=shifts_for(request.user), hours_status=Signup.HOURS_CONFIRMED)
        .select_related("volunteer", "shift__event__township", "hours_confirmed_by")
        .order_by("shift__starts_at", "volunteer__name")
    )
    if year:
        qs = qs.filter(shift__starts_at__year=year)
    office = SiteContactSettings.for_request(request).office_name
    id_types = dict(Volunteer.ID_TYPES)
    rows = []
    for signup in qs:
        volunteer, shift = signup.volunteer, signup.shift
        start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
        recorder = signup.hours_confirmed_by
        rows.append(
            [
                str(volunteer.display_name),
                str(id_types.get(volunteer.id_type, "")),
                reveal(volunteer.id_number_encrypted),
                volunteer.number,
                volunteer.mobile or "",
                shift.event.title,
                shift.title,
                shift.place_label,
                f"{start:%Y-%m-%d %H:%M}",
                f"{end:%Y-%m-%d %H:%M}",
                float(signup.hours or Decimal(0)),
                f"{office}{shift.event.township.name if shift.event.township else ''}",
                (recorder.get_full_name() or recorder.get_username())
                if recorder
                else signup.hours_confirmed_by_name,
                f"{timezone.localtime(signup.hours_confirmed_at):%Y-%m-%d}"
                if signup.hours_confirmed_at
                else "",
            ]
        )
    return rows


def _bad_year(request):
    messages.error(
        request,
        _("年份应为%(first)s到%(last)s之间的四位数字，例如 %(example)s。")
        % {"first": EXPORT_YEARS[0], "last": EXPORT_YEARS[-1], "example": timezone.localdate().year},
    )
    return redirect("volunteers:manage")


@login_required
def export_xlsx(request):
    _require_organiser(request)
    try:
        year = _export_year(request)
    except BadYear:
        return _bad_year(request)
    sheet = Sheet(_("志愿服务记录"), EXPORT_HEADER, _export_rows(request, year))
    return xlsx_response("volunteer-hours.xlsx", [sheet])


@login_required
def export_csv(request):
    _require_organiser(request)
    try:
        year = _export_year(request)
    except BadYear:
        return _bad_year(request)
    return csv_response("volunteer-hours.csv", EXPORT_HEADER, _export_rows(request, year))
