"""Models of the venues app, one module per domain.

Later parts of the app (culture streets, the science-education base) add their own
modules here rather than growing these.
"""

from .library import EquipmentKind, EquipmentType, HazardType
from .posters import PosterBatch, PosterBatchItem
from .reports import HazardReport, HazardReportEvent
from .venue import (
    Venue,
    VenueCategory,
    VenueEquipment,
    VenueExit,
    VenueRoute,
    VenueScanDay,
    VenueZone,
)

__all__ = [
    "EquipmentKind",
    "EquipmentType",
    "HazardReport",
    "HazardReportEvent",
    "HazardType",
    "PosterBatch",
    "PosterBatchItem",
    "Venue",
    "VenueCategory",
    "VenueEquipment",
    "VenueExit",
    "VenueRoute",
    "VenueScanDay",
    "VenueZone",
]
