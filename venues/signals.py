"""Keep content versions and cached landing pages in step with the shared libraries."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from venues.models import EquipmentType, HazardType
from venues.models.venue import venues_using
from venues.public.cache import purge_all_landing_pages


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
