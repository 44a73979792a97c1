"""Custom admin screens: the hazard-report inbox, single posters, poster batches.

Each view checks what the user may see itself; a record out of scope is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from outreach.fonts import FontError
from venues import services
from venues.models import HazardReport, PosterBatch, Venue, VenueZone
from venues.models.posters import PaperSize, PosterFormat
from venues.models.reports import ReportStatus
from venues.permissions import handles_reports, prints_posters, sees_all
from venues.posters import poster_filename, render_poster
from venues.posters.target import qr_target_problems

from .forms import PosterBatchForm, TransitionForm

REPORTS_PER_PAGE = 50


def report_inbox(request):
    if not handles_reports(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ReportStatus.NEW)
    reports = HazardReport.objects.visible_to(request.user).select_related("venue__township")
    counts = dict(reports.values_list("status").annotate(n=Count("pk")).order_by())
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    return TemplateResponse(
        request,
        "venues/admin/report_inbox.html",
        {
            "reports": reports[:REPORTS_PER_PAGE],
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in ReportStatus.choices],
        },
    )


def report_detail(request, pk):
    report = get_object_or_404(
        HazardReport.objects.visible_to(request.user).select_related("venue__township"), pk=pk
    )
    form = TransitionForm(request.POST or None)
    if request.method == "POST":
        target = request.POST.get("to_status")
        if form.is_valid() and target in ReportStatus.values:
            try:
                services.transition_report(report.pk, request.user, target, form.cleaned_data["note"])
            except services.TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("已更新举报状态。"))
                return redirect("venues_admin:report", report.pk)
    events = report.events.select_related("user")
    return TemplateResponse(
        request,
        "venues/admin/report_detail.html",
        {"report": report, "events": events, "form": form, "transitions": report.allowed_transitions()},
    )


def _qr_target_context():
    target = settings.SITE_URL
    return {"qr_target": target, "qr_target_problems": qr_target_problems(target)}


def venue_posters(request, pk):
    venue = get_object_or_404(Venue.objects.visible_to(request.user).prefetch_related("zones"), pk=pk)
    targets = [(None, venue.name)] + [(zone, f"{venue.name} · {zone.name}") for zone in venue.zones.all()]
    return TemplateResponse(
        request,
        "venues/admin/venue_posters.html",
        {
            "venue": venue,
            "targets": targets,
            "sizes": PaperSize.values,
            "formats": PosterFormat.values,
            **_qr_target_context(),
        },
    )


def poster_download(request, pk, zone_id, paper, fmt):
    venue = get_object_or_404(Venue.objects.visible_to(request.user).with_prompts(), pk=pk)
    if paper not in PaperSize.values or fmt not in PosterFormat.values:
        raise Http404
    zone = get_object_or_404(VenueZone, pk=zone_id, venue=venue) if zone_id else None
    try:
        data = render_poster(venue, zone, paper, fmt)
    except FontError as error:
        messages.error(request, str(error))
        return redirect("venues_admin:venue_posters", venue.pk)
    services.mark_printed(venue.pk, venue.content_version)
    response = HttpResponse(data, content_type="application/pdf" if fmt == "pdf" else "image/png")
    response["Content-Disposition"] = f'attachment; filename="{poster_filename(venue, zone, paper, fmt)}"'
    return response


def _batches_for(user):
    batches = PosterBatch.objects.select_related("created_by", "township").annotate(
        done=Count("items", filter=~Q(items__file=""))
    )
    return batches if sees_all(user) else batches.filter(created_by=user)


def batch_list(request):
    if not prints_posters(request.user):
        raise PermissionDenied
    form = PosterBatchForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        venues = form.selected_venues()
        if not venues.exists():
            form.add_error(None, _("所选范围内没有营业中的场所。"))
        else:
            batch = services.start_poster_batch(
                request.user,
                venues,
                form.cleaned_data["sizes"],
                form.cleaned_data["formats"],
                township=form.cleaned_data.get("township"),
            )
            messages.success(request, _("已开始生成海报，完成后可下载压缩包。"))
            return redirect("venues_admin:batch", batch.pk)
    return TemplateResponse(
        request,
        "venues/admin/batch_list.html",
        {"form": form, "batches": _batches_for(request.user)[:30], **_qr_target_context()},
    )


def batch_detail(request, pk):
    batch = get_object_or_404(_batches_for(request.user), pk=pk)
    if request.method == "POST" and "retry" in request.POST:
        services.retry_batch(batch.pk)
        messages.success(request, _("已重新开始，已生成的海报不会重复生成。"))
        return redirect("venues_admin:batch", batch.pk)
    return TemplateResponse(request, "venues/admin/batch_detail.html", {"batch": batch})


def batch_download(request, pk):
    batch = get_object_or_404(_batches_for(request.user), pk=pk)
    if not batch.archive:
        raise Http404
    return FileResponse(batch.archive.open("rb"), as_attachment=True, filename=f"posters-{batch.pk}.zip")


def batch_progress_url(batch):
    return reverse("venues_admin:batch", args=[batch.pk])
