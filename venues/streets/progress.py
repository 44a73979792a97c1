"""The acceptance checklist, progress and upkeep of a street, computed from its records.

Pure functions over already-loaded rows, so the county view evaluates every township
with a fixed number of queries. Nothing here is ever typed in by a person.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass
class CheckItem:
    label: str
    done: bool
    detail: str = ""


@dataclass
class Evaluation:
    items: list = field(default_factory=list)
    parts: dict = field(default_factory=dict)  # part -> (weight, fraction)
    progress: int = 0

    @property
    def complete(self):
        return all(item.done for item in self.items)

    @property
    def missing(self):
        return [item for item in self.items if not item.done]


def evaluate(street, checklist, elements, milestones):
    """The checklist items and the progress percentage of one street."""
    required = checklist.required_kind_list()
    present = {element.kind_id for element in elements}
    items = []
    for kind in required:
        items.append(
            CheckItem(
                _("有“%(kind)s”") % {"kind": kind.name},
                kind.pk in present,
                "" if kind.pk in present else _("还没有"),
            )
        )
    without_photo = [element for element in elements if not element.photo]
    if checklist.photo_per_element:
        items.append(
            CheckItem(
                _("每个元素都有照片"),
                bool(elements) and not without_photo,
                _("缺照片：%(names)s") % {"names": "、".join(e.name for e in without_photo)}
                if without_photo
                else ("" if elements else _("还没有元素")),
            )
        )
    length = street.length_m or 0
    if checklist.min_length_m:
        items.append(
            CheckItem(
                _("长度不少于%(min)d米") % {"min": checklist.min_length_m},
                length >= checklist.min_length_m,
                _("现为%(length)d米") % {"length": length},
            )
        )

    kinds_fraction = (len([k for k in required if k.pk in present]) / len(required)) if required else 1.0
    photos_fraction = (1 - len(without_photo) / len(elements)) if elements else 0.0
    length_fraction = min(1.0, length / checklist.min_length_m) if checklist.min_length_m else 1.0
    done = [m for m in milestones if m.done_on]
    milestones_fraction = len(done) / len(milestones) if milestones else 0.0
    parts = {
        "kinds": (checklist.weight_kinds, kinds_fraction),
        "photos": (checklist.weight_photos if checklist.photo_per_element else 0, photos_fraction),
        "length": (checklist.weight_length, length_fraction),
        "milestones": (checklist.weight_milestones, milestones_fraction),
    }
    total = sum(weight for weight, _fraction in parts.values())
    progress = round(100 * sum(w * f for w, f in parts.values()) / total) if total else 0
    return Evaluation(items=items, parts=parts, progress=progress)


@dataclass
class Upkeep:
    overdue: list = field(default_factory=list)  # elements past their re-inspection date
    reported: list = field(default_factory=list)  # elements with an open damage report

    @property
    def needs_maintenance(self):
        return bool(self.overdue or self.reported)


def upkeep(elements, open_report_element_ids, today=None):
    """需维护: any element overdue for inspection or reported damaged, until repaired."""
    today = today or timezone.localdate()
    return Upkeep(
        overdue=[element for element in elements if element.is_overdue(today)],
        reported=[element for element in elements if element.pk in open_report_element_ids],
    )
