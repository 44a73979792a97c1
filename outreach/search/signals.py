"""Publishing a page (re)indexes it; unpublishing removes it. Deleting cascades."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from outreach.search.index import index_page, unindex_page


@receiver(page_published)
def reindex_on_publish(sender, instance, **kwargs):
    index_page(instance)


@receiver(page_unpublished)
def unindex_on_unpublish(sender, instance, **kwargs):
    unindex_page(instance)
