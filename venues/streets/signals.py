"""Keep public pages fresh and new sections under review."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from outreach import page_cache

from .cache import element_pages
from .models import (
    AcceptanceChecklist,
    CultureWall,
    DamageReport,
    ElementKind,
    MaintenanceRecord,
    Milestone,
    MilestonePhoto,
    StreetElement,
    StreetIndexPage,
    StreetPage,
)

# Records that show on the public county view, a street page or an element page.
SHOWN = (
    AcceptanceChecklist,
    CultureWall,
    DamageReport,
    ElementKind,
    MaintenanceRecord,
    Milestone,
    MilestonePhoto,
    StreetElement,
    StreetPage,
)


@receiver(post_save, sender=StreetIndexPage)
def put_streets_under_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        # The publicity review workflow is the campaigns app's; streets go through the same one.
        from outreach.workflow import attach_section

        attach_section(instance)


@receiver(post_save)
@receiver(post_delete)
def refresh_public_pages(sender, instance, raw=False, **kwargs):
    if isinstance(instance, SHOWN) and not raw:
        page_cache.clear()
        element_pages.bump()
