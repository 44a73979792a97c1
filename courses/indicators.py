"""What the schools part contributes to the plan dashboard (outreach.indicators)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, snapshot_dates, source

from .compliance import term_report
from .models import Term


@source(
    "courses.term_compliance",
    label=gettext_lazy("本学期达到4课时和1次疏散演练的学校"),
    unit="%",
    townships=True,
)
def term_compliance(on, details=False):
    """Schools meeting the term's rules (4 class hours per class and 1 drill by default)
    in the term running on `on`, of all active schools: `term_report`'s five queries."""
    term = Term.objects.current(on)
    if term is None or term.start > on:
        return Reading(value=None)
    report = term_report(term, today=on, rows=details)
    reading = Reading(
        value=report.county.compliant,
        total=report.county.schools,
        by_township={rollup.township.pk: (rollup.compliant, rollup.schools) for rollup in report.townships},
        url=f"{reverse('courses:overview')}?term={term.pk}",
        rows_title=_("%(term)s未达标的学校") % {"term": term.name},
    )
    if details:
        reading.rows = [
            Row(
                label=row.school.name,
                note="；".join(str(item) for item in row.missing) or row.status_label,
                url=f"{reverse('courses:school', args=[row.school.pk])}?term={term.pk}",
                township=row.school.township.name,
                township_id=row.school.township_id,
            )
            for row in report.rows
            if not row.met
        ]
    return reading


@snapshot_dates
def term_ends(start, end):
    """Each term's last day is a snapshot day: the term's record is then complete."""
    return Term.objects.filter(end__gte=start, end__lte=end).values_list("end", flat=True)
