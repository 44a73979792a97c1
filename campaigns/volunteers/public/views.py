"""What volunteers and the public see: events, registration, sign-up, their own page,
offer links and certificate verification."""

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from outreach import capacity, qr
from outreach.http import over_rate_limit, rate_count
from outreach.models import Pool
from outreach.request_limits import PostLimit

from .. import qualifications, registration, services
from ..cache import LISTING_SECONDS, listing_generation
from ..forms import IdentityForm, MobileForm, QualificationForm, RegistrationForm
from ..models import ROSTER_LABELS, Certificate, Event, Shift, Signup, Volunteer
from ..permissions import is_team_leader, visible_activity_ids

REGISTRATIONS_PER_HOUR = 10  # step 2 posts from one address, wrong codes included
CODES_PER_ADDRESS_PER_HOUR = 10
CODES_PER_NUMBER_PER_HOUR = 5
REGISTER_MOBILE = "volunteers_register_mobile"
SIGNUPS_PER_HOUR = 30
OFFER_ACTIONS_PER_HOUR = 30
# Registrations per address, checked before the body is read; refused forms count too.
REGISTRATION_POSTS = PostLimit("volunteers-register", REGISTRATIONS_PER_HOUR, counts="stored")


def upcoming_events(now=None):
    """Published events with shifts still to come, each shift with its places left (read from its pool)."""
    now = now or timezone.now()
    shifts = (
        Shift.objects.filter(ends_at__gt=now)
        .select_related("pool", "required_training")
        .order_by("starts_at")
    )
    pools = capacity.with_places_left(Pool.objects.all(), pool="")
    events = (
        Event.objects.published()
        .filter(shifts__ends_at__gt=now)
        .distinct()
        .select_related("township", "outreach_setting", "campaign")
        .prefetch_related(
            Prefetch("shifts", queryset=shifts.prefetch_related(Prefetch("pool", queryset=pools)))
        )
    )
    events = list(events)
    _annotate_places(events)
    events.sort(key=lambda e: e.shifts.all()[0].starts_at if e.shifts.all() else now)
    return events


def _annotate_places(events):
    pools = {
        pool.pk: pool
        for pool in capacity.with_places_left(
            Pool.objects.filter(volunteer_shift__event__in=[e.pk for e in events]), pool=""
        )
    }
    for event in events:
        for shift in event.shifts.all():
            pool = pools.get(shift.pool_id)
            if pool is not None:
                shift.pool = pool  # the shift's places (its pool's size) without another query
                shift.places_left = pool.places_left
            else:
                shift.places_left = 0


def event_list(request):
    """Cached whole for anonymous visitors until any event or place changes."""
    language = get_language()
    anonymous = not request.user.is_authenticated
    key = listing_generation.key("list", language)
    html = cache.get(key) if anonymous else None
    if html is None:
        html = render_to_string(
            "volunteers/event_list.html",
            {
                "events": upcoming_events(),
                "volunteer": None if anonymous else _volunteer_or_none(request.user),
            },
            request=request,
        )
        if anonymous:
            cache.set(key, html, LISTING_SECONDS)
    return HttpResponse(html)


def event_detail(request, pk):
    event = get_object_or_404(
        Event.objects.exclude(status=Event.DRAFT).select_related("township", "campaign"), pk=pk
    )
    shifts = list(event.shifts.select_related("required_training").order_by("starts_at"))
    event_shifts = [event]
    event._prefetched_objects_cache = {"shifts": shifts}
    _annotate_places(event_shifts)
    volunteer = _volunteer_or_none(request.user)
    mine = {}
    if volunteer:
        mine = {
            s.shift_id: s
            for s in Signup.objects.filter(
                volunteer=volunteer, shift__event=event, state=Signup.ACTIVE
            ).select_related("claim")
        }
    for shift in shifts:
        shift.my_signup = mine.get(shift.pk)
        if volunteer and shift.my_signup is None:
            _explain_blocker(volunteer, shift)
    return render(
        request,
        "volunteers/event_detail.html",
        {
            "event": event,
            "shifts": shifts,
            "volunteer": volunteer,
            "now": timezone.now(),
            "labels": ROSTER_LABELS,
        },
    )


def next_training_event(training, now=None):
    """The next published event that runs this training (its title names it), if any."""
    now = now or timezone.now()
    return (
        Event.objects.published()
        .filter(title__contains=training.name, shifts__starts_at__gt=now)
        .distinct()
        .order_by("shifts__starts_at")
        .first()
    )


def _explain_blocker(volunteer, shift):
    """What stops this volunteer taking the shift, said before they press anything, with
    the way out: register the qualification, the next training, or who arranges insurance.
    The sign-up button is then not offered."""
    problem = qualifications.training_problem(volunteer, shift)
    if problem:
        shift.blocker = problem
        shift.blocker_training = shift.required_training
        shift.next_training = next_training_event(shift.required_training)
        shift.training_pending = volunteer.qualifications.filter(
            training=shift.required_training, status="submitted"
        ).exists()
    elif shift.insurance_required and not volunteer.has_insurance:
        shift.blocker = _("这个岗位要求参加志愿服务意外保险，请先联系所在队伍办理。")
        shift.blocker_team = volunteer.team


def _volunteer_or_none(user):
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user, deleted_at__isnull=True).first()


def _volunteer_or_404(request):
    volunteer = _volunteer_or_none(request.user)
    if volunteer is None:
        raise Http404(_("您还不是注册志愿者。"))
    return volunteer


def _number_over_limit(mobile):
    """Count a code request for this mobile; True past CODES_PER_NUMBER_PER_HOUR. Only a
    keyed hash of the number is kept, for one window (as outreach.http does for addresses)."""
    digest = salted_hmac("volunteers.register.rate", mobile, algorithm="sha256").hexdigest()[:32]
    key = f"rate:volunteers-code-number:{digest}:{int(time.time()) // 3600}"
    return rate_count(key) > CODES_PER_NUMBER_PER_HOUR


@require_http_methods(["GET", "POST"])
@REGISTRATION_POSTS
def register(request):
    """Step 1: the mobile. Whatever the number, the answer is the same redirect to step 2;
    only the SMS differs (a code, or "registered already: sign in")."""
    if request.user.is_authenticated and _volunteer_or_none(request.user):
        return redirect("volunteers:mine")
    status = 200
    form = MobileForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            mobile = form.cleaned_data["mobile"]
            over_address = over_rate_limit(request, "volunteers-code", CODES_PER_ADDRESS_PER_HOUR)
            over_number = _number_over_limit(mobile)
            if over_address or over_number:
                form.add_error(None, _("获取验证码太频繁，请一小时后再试。"))
                status = 429
            else:
                if not form.cleaned_data.get("website"):  # bots get the same page, no SMS
                    registration.request_code(mobile)
                request.session[REGISTER_MOBILE] = mobile
                return redirect("volunteers:register_details")
    return render(request, "volunteers/register.html", {"form": form, "step": 1}, status=status)


@require_http_methods(["GET", "POST"])
@REGISTRATION_POSTS
def register_details(request):
    """Step 2: the code sent to the mobile of step 1, and the volunteer's details."""
    if request.user.is_authenticated and _volunteer_or_none(request.user):
        return redirect("volunteers:mine")
    mobile = request.session.get(REGISTER_MOBILE)
    if not mobile:
        return redirect("volunteers:register")
    status = 200
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif over_rate_limit(request, "volunteers-register", REGISTRATIONS_PER_HOUR):
            form.add_error(None, _("提交太频繁，请一小时后再试。"))
            status = 429
        else:
            data = form.cleaned_data
            try:
                volunteer = registration.register_with_code(
                    mobile=mobile,
                    code=data["code"],
                    name=data["name"],
                    password=data["password"],
                    township=data["township"],
                    birth_date=data["birth_date"],
                    skills=data["skills"],
                    email=data["email"],
                    emergency_name=data["emergency_name"],
                    emergency_phone=data["emergency_phone"],
                )
            except services.Refused as refused:
                form.add_error("code", refused.message)
                status = 400
            else:
                request.session.pop(REGISTER_MOBILE, None)
                login(request, volunteer.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("注册成功，欢迎加入修武县消防志愿服务！"))
                return redirect("volunteers:mine")
    masked = f"{mobile[:3]}****{mobile[-4:]}"
    return render(
        request,
        "volunteers/register.html",
        {"form": form, "step": 2, "masked_mobile": masked, "minutes": 10},
        status=status,
    )


@login_required
def mine(request):
    """The volunteer's own page: notices, upcoming shifts with QR codes, history, hours."""
    volunteer = _volunteer_or_404(request)
    now = timezone.now()
    signups = list(
        Signup.objects.filter(volunteer=volunteer)
        .select_related("shift__event__activity", "claim")
        .order_by("-shift__starts_at")
    )
    upcoming = [s for s in signups if s.state == Signup.ACTIVE and s.shift.ends_at > now]
    upcoming.reverse()
    history = [s for s in signups if s not in upcoming]
    for signup in upcoming:
        if signup.roster_status == "offered":
            signup.offer_link = reverse("volunteers:offer", args=[services.offer_token(signup)])
        elif signup.roster_status == "waiting":
            signup.queue_position = capacity.queue_position(signup.claim)
    total = (
        Signup.objects.filter(volunteer=volunteer, hours_status=Signup.HOURS_CONFIRMED).aggregate(
            t=Sum("hours")
        )["t"]
        or 0
    )
    notices = list(volunteer.notices.all()[:10])
    volunteer.notices.filter(read_at__isnull=True).update(read_at=now)
    return render(
        request,
        "volunteers/mine.html",
        {
            "volunteer": volunteer,
            "upcoming": upcoming,
            "history": history,
            "open_activities": visible_activity_ids(
                request.user, (s.shift.event.activity_id for s in history)
            ),
            "total_hours": total,
            "notices": notices,
            "certificates": volunteer.certificates.all(),
            "qualifications": volunteer.qualifications.select_related("training"),
            "labels": ROSTER_LABELS,
            "today": timezone.localdate(),
            "leads_team": is_team_leader(request.user),
        },
    )


@require_POST
def sign_up(request, pk):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('site_login')}?next={reverse('volunteers:event', args=[_event_id(pk)])}")
    volunteer = _volunteer_or_none(request.user)
    shift = get_object_or_404(Shift.objects.select_related("event"), pk=pk)
    if volunteer is None:
        messages.error(request, _("请先注册成为志愿者再报名。"))
        return redirect("volunteers:register")
    if over_rate_limit(request, "volunteers-signup", SIGNUPS_PER_HOUR):
        messages.error(request, _("提交太频繁，请一小时后再试。"))
        return redirect("volunteers:event", shift.event_id)
    try:
        signup = services.sign_up(volunteer, shift, wait=request.POST.get("wait") == "1")
    except services.Refused as refused:
        messages.error(request, refused.message)
        if refused.can_wait:
            request.session["volunteers_can_wait"] = shift.pk
        return redirect("volunteers:event", shift.event_id)
    if signup.claim.status == "waiting":
        messages.success(
            request,
            _("已加入候补名单，您是候补第 %(n)s 位，有名额时会通知您确认。")
            % {"n": capacity.queue_position(signup.claim)},
        )
    elif not signup.approved:
        messages.success(request, _("报名已提交，等待组织者审核。"))
    else:
        messages.success(request, _("报名成功！到场时出示签到二维码。"))
    return redirect("volunteers:mine")


def _event_id(shift_pk):
    return Shift.objects.filter(pk=shift_pk).values_list("event_id", flat=True).first() or 0


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """Cancel one's sign-up (or leave the waiting list) after a confirmation page that says
    whether it would count as a late cancellation."""
    volunteer = _volunteer_or_404(request)
    signup = get_object_or_404(
        Signup.objects.select_related("shift__event", "claim"), pk=pk, volunteer=volunteer
    )
    if request.method == "GET":
        if signup.state != Signup.ACTIVE:
            messages.error(request, _("这条报名已经取消或结束。"))
            return redirect("volunteers:mine")
        now = timezone.now()
        holds_place = signup.claim.status == "held"
        return render(
            request,
            "volunteers/cancel.html",
            {
                "signup": signup,
                "late": holds_place and now > signup.shift.cancel_deadline,
                "waiting": signup.claim.status == "waiting",
            },
        )
    try:
        signup = services.cancel(signup)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        if signup.state == Signup.CANCELLED_LATE:
            messages.warning(request, _("已取消。离开始时间已很近，记为迟取消。"))
        else:
            messages.success(request, _("已取消报名。"))
    return redirect("volunteers:mine")


@login_required
@require_POST
def certificate_request(request):
    """The volunteer asks for a certificate; the organisers see it on their record."""
    volunteer = _volunteer_or_404(request)
    try:
        services.request_certificate(volunteer)
    except services.Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("已提交申请，组织活动的单位出具后会显示在这里。"))
    return redirect("volunteers:mine")


@login_required
def signup_qr(request, pk):
    """The personal check-in QR code of one's own confirmed sign-up (SVG)."""
    volunteer = _volunteer_or_404(request)
    signup = get_object_or_404(Signup, pk=pk, volunteer=volunteer)
    return qr.svg_response(signup.code)


@require_http_methods(["GET", "POST"])
def offer(request, token):
    """Confirm or decline an offered place from the link in the message (no sign-in needed:
    the signed link is the key)."""
    signup = services.signup_from_token(token)
    if signup is None:
        return render(request, "volunteers/offer.html", {"invalid": True}, status=404)
    status = 200
    if request.method == "POST":
        if over_rate_limit(request, "volunteers-offer", OFFER_ACTIONS_PER_HOUR):
            messages.error(request, _("提交太频繁，请一小时后再试。"))
            status = 429
        else:
            try:
                if request.POST.get("answer") == "decline":
                    services.decline_offer(signup)
                    messages.success(request, _("已放弃这个名额，谢谢告知。"))
                else:
                    confirmed = services.confirm_offer(signup)
                    messages.success(
                        request,
                        _("已确认，名额是您的了！")
                        if confirmed.approved
                        else _("已确认递补，这个岗位还需组织者审核，审核后会通知您。"),
                    )
            except services.Refused as refused:
                messages.error(request, refused.message)
                status = 409
            signup.refresh_from_db()
            signup.claim.refresh_from_db()
    open_offer = signup.state == Signup.ACTIVE and signup.claim.status == "offered"
    if open_offer and signup.claim.offer_expires_at and signup.claim.offer_expires_at <= timezone.now():
        open_offer = False
    return render(
        request,
        "volunteers/offer.html",
        {"signup": signup, "open_offer": open_offer, "labels": ROSTER_LABELS},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def identity(request):
    volunteer = _volunteer_or_404(request)
    form = IdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_identity(volunteer, form.cleaned_data["id_type"], form.cleaned_data["id_number"])
        messages.success(request, _("证件信息已加密保存。"))
        return redirect("volunteers:mine")
    return render(
        request,
        "volunteers/identity.html",
        {"form": form, "volunteer": volunteer},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def qualification_add(request):
    """The volunteer declares a training; it counts once an organiser has verified it."""
    volunteer = _volunteer_or_404(request)
    training_id = request.GET.get("training", "")
    initial = {"training": int(training_id)} if training_id.isdigit() else {}
    form = QualificationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            qualifications.submit(volunteer, data["training"], data["obtained_on"], data.get("document"))
        except qualifications.NotReviewable as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("已提交，组织者核对证书后生效，结果会通知您。"))
            return redirect("volunteers:mine")
    return render(
        request, "volunteers/qualification_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    volunteer = _volunteer_or_404(request)
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("请勾选确认后再注销。"))
        else:
            services.delete_account(volunteer)
            request.session.flush()
            return render(request, "volunteers/deleted.html")
    return render(request, "volunteers/delete_account.html", {"volunteer": volunteer})


def certificate_verify(request, code):
    """Public: is this certificate genuine? Shows the certificate and nothing more."""
    certificate = Certificate.objects.filter(verify_code=code).first()
    if certificate is None:
        return render(request, "volunteers/verify.html", {"certificate": None}, status=404)
    status = 410 if certificate.withdrawn_at else 200
    return render(request, "volunteers/verify.html", {"certificate": certificate}, status=status)


@login_required
def certificate_pdf(request, pk):
    from outreach import roles
    from outreach.access import has_role

    from .. import pdf

    # A withdrawn certificate (its holder deleted their account) is printed for no one.
    certificate = get_object_or_404(
        Certificate.objects.select_related("volunteer"), pk=pk, withdrawn_at__isnull=True
    )
    own = certificate.volunteer_id and certificate.volunteer.user_id == request.user.pk
    # The volunteer, the organiser who issued it, and the county publicity team.
    if not (own or certificate.issued_by_id == request.user.pk or has_role(request.user, roles.EDITOR)):
        raise Http404()
    response = HttpResponse(pdf.certificate_pdf(certificate, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response
