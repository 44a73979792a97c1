"""Models of the schools' fire-safety teaching: reference data, rules, records, reminders."""

from .records import Drill, DrillPhoto, Lesson, LessonClass
from .reference import (
    COUNTY_READERS,
    SCHOOL_READERS,
    Courseware,
    GradeBand,
    School,
    SchoolClass,
    SchoolKind,
    Term,
)
from .reminders import SentReminder
from .rules import ComplianceRule, RuleKind

__all__ = [
    "COUNTY_READERS",
    "SCHOOL_READERS",
    "ComplianceRule",
    "Courseware",
    "Drill",
    "DrillPhoto",
    "GradeBand",
    "Lesson",
    "LessonClass",
    "RuleKind",
    "School",
    "SchoolClass",
    "SchoolKind",
    "SentReminder",
    "Term",
]
