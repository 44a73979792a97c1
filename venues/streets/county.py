"""Every township's street in one pass: the rows behind the county view, exports and indicators.

A fixed number of queries whatever the number of townships: townships with their wall
counts, streets, elements, milestones, latest photos, open reports and the checklist.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from outreach.models import Township, public

from .models import (
    AcceptanceChecklist,
    DamageReport,
    Milestone,
    MilestonePhoto,
    ReportStatus,
    StreetElement,
    StreetPage,
    StreetStatus,
)
from .progress import evaluate, upkeep


@dataclass
class Row:
    township: Township
    street: StreetPage | None
    walls: int
    walls_with_pledge: int
    elements: list
    milestones: list
    evaluation: object = None
    upkeep: object = None
    latest_photo: MilestonePhoto | None = None

    @property
    def progress(self):
        return self.evaluation.progress if self.evaluation else 0


def county_rows(index=None, live_only=True, townships=None, today=None):
    today = today or timezone.localdate()
    if townships is None:
        townships = Township.objects.filter(is_active=True)
    townships = list(
        townships.annotate(
            walls=Count("culture_walls", distinct=True),
            walls_with_pledge=Count("culture_walls", filter=Q(culture_walls__has_pledge=True), distinct=True),
        ).order_by("-must_have_street", "sort_order", "name")
    )
    streets = StreetPage.objects.filter(township__in=townships)
    if live_only:
        streets = public(streets.live())
    if index is not None:
        streets = streets.child_of(index)
    streets = {street.township_id: street for street in streets}
    street_ids = [street.pk for street in streets.values()]

    elements, milestones, photos = defaultdict(list), defaultdict(list), {}
    for element in StreetElement.objects.in_service().filter(street_id__in=street_ids).select_related("kind"):
        elements[element.street_id].append(element)
    for milestone in Milestone.objects.filter(street_id__in=street_ids):
        milestones[milestone.street_id].append(milestone)
    latest = MilestonePhoto.objects.filter(milestone__street_id__in=street_ids).select_related("milestone")
    for photo in latest.order_by("-milestone__done_on", "-milestone__planned_on", "-pk"):
        if photo.milestone.done_on:
            photos.setdefault(photo.milestone.street_id, photo)
    reported = set(
        DamageReport.objects.filter(element__street_id__in=street_ids, status=ReportStatus.NEW).values_list(
            "element_id", flat=True
        )
    )
    checklist = AcceptanceChecklist.current()

    rows = []
    for township in townships:
        street = streets.get(township.pk)
        row = Row(
            township=township,
            street=street,
            walls=township.walls,
            walls_with_pledge=township.walls_with_pledge,
            elements=elements.get(street.pk, []) if street else [],
            milestones=milestones.get(street.pk, []) if street else [],
        )
        if street:
            row.evaluation = evaluate(street, checklist, row.elements, row.milestones)
            row.upkeep = upkeep(row.elements, reported, today)
            row.latest_photo = photos.get(street.pk)
        rows.append(row)
    return rows


def retired_elements(street):
    """A street's retired elements, newest first: the staff screen's alone (the public
    page never lists them)."""
    return list(
        StreetElement.objects.filter(street=street, retired_on__isnull=False)
        .select_related("kind")
        .order_by("-retired_on")
    )


def street_detail(street, today=None):
    """What a street's page and its staff screen show: elements, timeline, checklist, upkeep."""
    elements = list(StreetElement.objects.in_service().filter(street=street).select_related("kind"))
    milestones = list(Milestone.objects.filter(street=street).prefetch_related("photos"))
    reported = set(
        DamageReport.objects.filter(element__street=street, status=ReportStatus.NEW).values_list(
            "element_id", flat=True
        )
    )
    checklist = AcceptanceChecklist.current()
    return {
        "elements": elements,
        "timeline": sorted(milestones, key=lambda m: (m.date, m.pk), reverse=True),
        "milestones": milestones,
        "evaluation": evaluate(street, checklist, elements, milestones),
        "upkeep": upkeep(elements, reported, today),
        "checklist": checklist,
    }


def index_context(index):
    from .mapsvg import county_map, legend

    rows = county_rows(index=index)
    return {
        "rows": rows,
        "county_map": county_map(rows),
        "legend": legend(),
        "required": sum(1 for row in rows if row.township.must_have_street),
        "accepted": sum(1 for row in rows if row.street and row.street.status == StreetStatus.ACCEPTED),
        "walls_total": sum(row.walls for row in rows),
        "repair_count": sum(1 for row in rows if row.upkeep and row.upkeep.needs_maintenance),
    }


def overdue_elements(scope, today=None):
    """Elements in service within `scope` (a Q on elements) past their re-inspection date,
    in street order (one query): the workbench, the overdue screen and the export."""
    today = today or timezone.localdate()
    elements = (
        StreetElement.objects.in_service()
        .filter(scope)
        .select_related("street__township", "kind")
        .order_by("street__township__sort_order", "street_id", "position_m", "pk")
    )
    return [element for element in elements if element.is_overdue(today)]
