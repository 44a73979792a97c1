"""Models of the schools' fire-safety teaching: reference data, rules, records, reminders."""

from .records import Drill, DrillPhoto, Lesson, LessonClass
from .reference import (
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
