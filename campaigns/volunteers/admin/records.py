"""A volunteer's record for the organisers of their township, and the team leader's view
of their own team. Both check their scope themselves (404 outside it)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log

from outreach import capacity
from outreach.models import Pool

from ..forms import VolunteerRecordForm
from ..models import Event, Qualification, Shift, Signup, Team, Volunteer
from ..permissions import led_teams, visible_activity_ids, volunteers_for
from ..services import rules
from .views import _require_organiser

RECORD_EDIT_ACTION = "volunteers.record.edit"


def teams_for(volunteer):
    """The teams a volunteer may be put in: their township's and the county's."""
    return Team.objects.filter(Q(township=volunteer.township_id) | Q(township__isnull=True))


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_record(request, pk):
    """History, hours, qualifications with their scans, team, insurance and notes."""
    _require_organiser(request)
    volunteer = get_object_or_404(volunteers_for(request.user).select_related("township", "team"), pk=pk)
    form = VolunteerRecordForm(request.POST or None, instance=volunteer, teams=teams_for(volunteer))
    if request.method == "POST" and form.is_valid():
        changed = form.changed_data
        form.save()
        if changed:
            log(instance=volunteer, action=RECORD_EDIT_ACTION, user=request.user, data={"fields": changed})
        messages.success(request, _("已保存。"))
        return redirect("volunteers:volunteer_record", volunteer.pk)
    signups = list(
        volunteer.signups.select_related("shift__event__activity", "claim").order_by("-shift__starts_at")[
            :200
        ]
    )
    total = volunteer.signups.filter(hours_status=Signup.HOURS_CONFIRMED).aggregate(t=Sum("hours"))["t"] or 0
    return render(
        request,
        "volunteers/manage/record.html",
        {
            "volunteer": volunteer,
            "form": form,
            "signups": signups,
            "open_activities": visible_activity_ids(
                request.user, (s.shift.event.activity_id for s in signups)
            ),
            "total_hours": total,
            "qualifications": volunteer.qualifications.select_related("training", "reviewed_by"),
            "certificates": volunteer.certificates.all(),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def team(request):
    """A team leader's view of the teams they lead: coming sign-ups, shifts of the team's
    township still short of people, and members' qualifications about to expire."""
    teams = list(led_teams(request.user).select_related("township"))
    if not teams:
        raise Http404(_("您不是志愿服务队的队长。"))
    now = timezone.now()
    today = timezone.localdate()
    members = Volunteer.objects.current().filter(team__in=teams)
    coming = list(
        Signup.objects.filter(volunteer__in=members, state=Signup.ACTIVE, shift__ends_at__gt=now)
        .select_related("volunteer", "shift__event", "claim")
        .order_by("shift__starts_at", "volunteer__name")[:200]
    )
    townships = {t.township_id for t in teams}
    event_filter = Q(event__township__in=[t for t in townships if t])
    if None in townships:
        event_filter |= Q(event__township__isnull=True)
    shifts = list(
        Shift.objects.filter(event_filter, event__status=Event.PUBLISHED, starts_at__gt=now)
        .select_related("event")
        .order_by("starts_at")[:100]
    )
    pools = {
        pool.pk: pool
        for pool in capacity.with_places_left(
            Pool.objects.filter(pk__in=[s.pool_id for s in shifts]), pool=""
        )
    }
    gaps = []
    for shift in shifts:
        pool = pools.get(shift.pool_id)
        if pool is not None and not pool.is_closed and pool.places_left > 0:
            shift.places_left = pool.places_left
            shift.pool = pool
            gaps.append(shift)
    expiring = list(
        Qualification.objects.verified()
        .filter(
            volunteer__in=members,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=rules().qualification_warning_days),
        )
        .select_related("volunteer", "training")
        .order_by("valid_until")
    )
    return render(
        request,
        "volunteers/team.html",
        {"teams": teams, "coming": coming, "gaps": gaps, "expiring": expiring, "members": members.count()},
    )
