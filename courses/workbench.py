"""What the schools part puts on the workbench (outreach.workbench): the schools of the
person's reach behind this term, counted exactly as the schools table counts them."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from outreach import roles
from outreach.access import has_role
from outreach.workbench import Item, provider

from .compliance import Status, term_report
from .models import School, Term
from .permissions import reads_many_schools

READERS = (roles.SCHOOL_STAFF, roles.EDUCATION_BUREAU, roles.TOWNSHIP_OFFICER)


@provider("courses.behind", part=_("学校消防教育"), order=40)
def schools_behind(user, today):
    if not has_role(user, *READERS):
        return []
    term = Term.objects.current(today)
    overview = reverse("courses:overview")
    if term is None:
        return [Item(_("学校达标情况"), None, overview)]
    schools = School.objects.visible_to(user)
    report = term_report(term, schools, today=today)
    own = [row.school for row in report.rows] if not reads_many_schools(user) else []
    items = []
    for status, label in (
        (Status.NOT_MET, _("本学期未达标的学校")),
        (Status.AT_RISK, _("本学期有风险的学校")),
    ):
        count = report.county.by_status[status]
        # A teacher of one school is sent to it (the table would send them there anyway).
        url = (
            reverse("courses:school", args=[own[0].pk])
            if len(own) == 1
            else f"{overview}?{urlencode({'term': term.pk, 'status': status})}"
        )
        items.append(Item(label, count, url, note=term.name, urgent=status == Status.NOT_MET and bool(count)))
    items.append(Item(_("学校达标情况"), None, overview))
    return items
