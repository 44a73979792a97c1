"""What people do on their phones: staff record activities; attendees sign in to a
training with its QR code, take the quiz and get their certificate; anyone verifies one."""

from decimal import Decimal

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from outreach import qr
from outreach.request_limits import PostLimit
from outreach.siteurl import absolute

from .. import permissions, services
from ..forms import ActivityForm, QuizForm, SignInForm
from ..models import Activity, Attendance, TrainingCertificate, TrainingSession

# Sign-ins per address and hour: a whole training may sit behind one village hall's
# router, so the cap is a training's worth, not a person's.
SIGN_IN_POSTS = PostLimit("training-sign-in", 200, setting="TRAINING_SIGN_INS_PER_HOUR")
QUIZ_POSTS = PostLimit("training-quiz", 60)


# Activities (staff, signed in) ------------------------------------------------------------


@login_required
def activity_list(request):
    if not permissions.may_record(request.user):
        raise PermissionDenied
    activities = (
        permissions.activities_for(request.user)
        .select_related("kind", "township", "school")
        .prefetch_related("outreach_settings")
        .order_by("-date", "-pk")[:100]
    )
    return render(request, "activities/activity_list.html", {"activities": activities})


def _form_page(request, instance=None):
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            activity = services.record_activity(form, request.user, form.photos())
            messages.success(request, _("已提交，等待宣传科审核。审核通过后计入统计。"))
            return redirect("activities:detail", pk=activity.pk)
    else:
        form = ActivityForm(instance=instance, user=request.user)
    return render(request, "activities/activity_form.html", {"form": form, "instance": instance})


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request):
    if not permissions.may_record(request.user):
        raise PermissionDenied
    return _form_page(request)


def _visible_activity(user, pk):
    return get_object_or_404(
        permissions.activities_for(user).select_related(
            "kind", "township", "school", "key_unit", "news_page"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = _visible_activity(request.user, pk)
    if activity.status == Activity.APPROVED or not permissions.may_record(request.user):
        raise PermissionDenied
    return _form_page(request, activity)


def _volunteer_service(activity):
    """The volunteer events that served the activity, each with its confirmed hours records
    (人次 and raw hours), read through the relation the volunteers' events hold: one query."""
    confirmed = apps.get_model("volunteers", "Signup").HOURS_CONFIRMED
    served = Q(shifts__signups__hours_status=confirmed)
    events = list(
        activity.volunteer_events.annotate(
            served=Count("shifts__signups", filter=served),
            served_hours=Sum("shifts__signups__hours", filter=served),
        ).order_by("created_at", "pk")
    )
    return {
        "events": events,
        "served": sum(event.served for event in events),
        "hours": sum((event.served_hours or Decimal(0) for event in events), Decimal(0)),
    }


@login_required
def activity_detail(request, pk):
    activity = _visible_activity(request.user, pk)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "photos": activity.photos.all(),
            "volunteer_service": _volunteer_service(activity),
            "may_edit": activity.status != Activity.APPROVED and permissions.may_record(request.user),
        },
    )


# Trainings: the attendee's side (no account) -----------------------------------------------


def _open_session(code):
    return get_object_or_404(TrainingSession.objects.select_related("quiz"), code=code)


@never_cache
@SIGN_IN_POSTS
@require_http_methods(["GET", "POST"])
def sign_in(request, code):
    session = _open_session(code)
    state = session.sign_in_state()
    error = None
    if request.method == "POST":
        form = SignInForm(request.POST, session=session)
        if form.is_valid():
            if SIGN_IN_POSTS.count_stored(request):
                return SIGN_IN_POSTS.response(request)
            try:
                attendance = services.sign_in(session.pk, **form.cleaned_data)
            except services.Refused as refused:
                error = str(refused)
            else:
                return redirect("activities:mine", token=attendance.token)
    else:
        form = SignInForm(session=session)
    status = 409 if error else (400 if request.method == "POST" else 200)
    return render(
        request,
        "activities/sign_in.html",
        {"session": session, "form": form, "state": state, "error": error},
        status=status,
    )


def _own(token):
    return get_object_or_404(
        Attendance.objects.select_related("session__quiz", "category", "certificate"),
        token=token,
        signed_in_at__isnull=False,
    )


def _certificate_of(attendance):
    try:
        return attendance.certificate
    except TrainingCertificate.DoesNotExist:
        return None


@never_cache
def mine(request, token):
    """The attendee's own page: they signed in; the quiz; their certificate."""
    attendance = _own(token)
    certificate = _certificate_of(attendance)
    return render(
        request,
        "activities/mine.html",
        {"attendance": attendance, "session": attendance.session, "certificate": certificate},
    )


@never_cache
@QUIZ_POSTS
@require_http_methods(["GET", "POST"])
def quiz(request, token):
    attendance = _own(token)
    the_quiz = attendance.session.quiz
    if the_quiz is None:
        raise Http404
    if attendance.passed_at or attendance.attempts >= the_quiz.max_attempts:
        return redirect("activities:mine", token=token)
    questions = services.quiz_questions(attendance)
    form = QuizForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.submit_quiz(attendance.pk, form.answers())
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            if attendance.passed_at:
                messages.success(
                    request, _("测验通过，得分 %(score)s 分。证书已发放。") % {"score": attendance.score}
                )
            else:
                messages.error(
                    request,
                    _("得分 %(score)s 分，未达到 %(mark)s 分。还可以作答 %(left)s 次。")
                    % {
                        "score": attendance.score,
                        "mark": the_quiz.pass_mark,
                        "left": the_quiz.max_attempts - attendance.attempts,
                    },
                )
        return redirect("activities:mine", token=token)
    return render(
        request,
        "activities/quiz.html",
        {"attendance": attendance, "quiz": the_quiz, "form": form},
        status=400 if form.is_bound else 200,
    )


def certificate_pdf(request, token):
    """The attendee's own certificate; a token that is not theirs finds nothing."""
    from ..pdf import certificate_pdf as render_pdf

    attendance = _own(token)
    certificate = _certificate_of(attendance)
    if certificate is None:
        raise Http404
    response = HttpResponse(render_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def certificate_verify(request, code):
    """Public: is this certificate genuine? Shows the certificate and nothing more."""
    certificate = TrainingCertificate.objects.filter(verify_code=code[:40]).first()
    today = timezone.localdate()
    return render(
        request,
        "activities/verify.html",
        {"certificate": certificate, "valid": certificate and certificate.is_valid_on(today)},
        status=200 if certificate else 404,
    )


def sign_in_qr(request, code):
    session = _open_session(code)
    response = HttpResponse(
        qr.svg(absolute(reverse("activities:sign_in", args=[session.code]))), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
