"""What the campaigns part contributes to the plan dashboard (outreach.indicators)."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.indicators import Reading, Row, source

from .coverage import Ledger


@source(
    "campaigns.coverage",
    label=gettext_lazy("有已发布内容的“五进”领域×乡镇格"),
    unit="%",
    townships=True,
)
def five_settings_coverage(on, details=False):
    """Cells (五进 setting × active township) with at least one published item tagged for
    them from 1 January to `on`, of all cells. County-wide items are not spread over the
    townships (the coverage ledger's rule): a township's cell counts what was done there."""
    start = datetime.date(on.year, 1, 1)
    ledger = Ledger(start, on).compute_township_cells()
    settings = ledger.settings
    by_township = {}
    rows = []
    for township in ledger.townships:
        covered = sum(1 for setting in settings if ledger.cells[(setting.code, township.code)] > 0)
        by_township[township.pk] = (covered, len(settings))
        if details:
            for setting in settings:
                if not ledger.cells[(setting.code, township.code)]:
                    query = urlencode(
                        {"start": start.isoformat(), "end": on.isoformat(), "township": township.code}
                    )
                    rows.append(
                        Row(
                            label=f"{township.name} · {setting}",
                            note=_("今年还没有发布针对这一格的内容"),
                            url=f"{reverse('campaigns_coverage')}?{query}",
                            township=township.name,
                            township_id=township.pk,
                        )
                    )
    query = urlencode({"start": start.isoformat(), "end": on.isoformat()})
    return Reading(
        value=sum(c for c, _n in by_township.values()),
        total=len(settings) * len(ledger.townships),
        by_township=by_township,
        breakdown={
            str(s): sum(1 for t in ledger.townships if ledger.cells[(s.code, t.code)] > 0) for s in settings
        },
        rows=rows,
        rows_title=_("今年还没有内容的格"),
        url=f"{reverse('campaigns_coverage')}?{query}",
    )
