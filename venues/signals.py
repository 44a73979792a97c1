"""Keep content versions and cached landing pages in step with venues and the shared libraries."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from venues.models import EquipmentType, HazardType, Venue
from venues.models.venue import venues_using
from venues.public.cache import purge_all_landing_pages, purge_landing_page


@receiver(post_save, sender=Venue)
@receiver(post_delete, sender=Venue)
def venue_changed(sender, instance, **kwargs):
    """A venue saved (its prompts with it) or deleted leaves the landing-page cache at once.

    Purged now and again after commit: a request between the two could have cached the
    content as it was before this transaction.
    """
    if kwargs.get("raw"):
        return
    purge_landing_page(instance.code)
    transaction.on_commit(lambda code=instance.code: purge_landing_page(code))


@receiver(post_save, sender=HazardType)
@receiver(post_save, sender=EquipmentType)
@receiver(post_delete, sender=HazardType)
@receiver(post_delete, sender=EquipmentType)
def library_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if sender is HazardType:
        affected = venues_using(hazard_type=instance)
    else:
        affected = venues_using(equipment_type=instance)
    # A changed short text changes what posters print: flag those venues for a reprint.
    for venue in affected.with_prompts():
        venue.refresh_content_version()
    purge_all_landing_pages()
    transaction.on_commit(purge_all_landing_pages)
