"""The public courseware library teachers browse."""

from django.shortcuts import get_object_or_404, render

from ..models import Courseware, GradeBand


def courseware_list(request):
    band = request.GET.get("band", "")
    items = Courseware.objects.filter(is_published=True).select_related("document")
    if band in GradeBand.values:
        items = items.filter(grade_band=band)
    return render(
        request,
        "courses/courseware_list.html",
        {"items": items, "band": band, "bands": GradeBand.choices},
    )


def courseware_detail(request, pk):
    item = get_object_or_404(Courseware.objects.filter(is_published=True).select_related("document"), pk=pk)
    return render(request, "courses/courseware_detail.html", {"item": item})
