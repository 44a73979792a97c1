from .checklist import AcceptanceChecklist
from .elements import (
    DamageReport,
    ElementKind,
    ElementScanDay,
    MaintenanceRecord,
    ReportStatus,
    StreetElement,
)
from .pages import Milestone, MilestonePhoto, StreetIndexPage, StreetPage, StreetStatus, StreetStatusEvent
from .walls import CultureWall, WallCondition

__all__ = [
    "AcceptanceChecklist",
    "CultureWall",
    "DamageReport",
    "ElementKind",
    "ElementScanDay",
    "MaintenanceRecord",
    "Milestone",
    "MilestonePhoto",
    "ReportStatus",
    "StreetElement",
    "StreetIndexPage",
    "StreetPage",
    "StreetStatus",
    "StreetStatusEvent",
    "WallCondition",
]
