from django.db.models.signals import post_save
from django.dispatch import receiver

from campaigns.models import CampaignIndexPage, NewsIndexPage, ResourceIndexPage
from outreach.workflow import attach_section


@receiver(post_save, sender=CampaignIndexPage)
@receiver(post_save, sender=NewsIndexPage)
@receiver(post_save, sender=ResourceIndexPage)
def put_new_section_under_review(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        attach_section(instance)
