"""Publishing a page (re)indexes it; unpublishing takes it out of the public index.
Deleting cascades. (Every save and delete of a page, image or document also reaches the
index through Wagtail's search backend, outreach.search.backend: that is what keeps
drafts findable in the admin.)

A view restriction added to (or removed from) a page changes what search may show of it
and of every page below it: they are re-indexed at once (index_page leaves out what is
restricted)."""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from outreach.models import ObjectSearchTerm
from outreach.search.index import index_missing, index_page, unindex_page


@receiver(page_published)
def reindex_on_publish(sender, instance, **kwargs):
    index_page(instance)


@receiver(page_unpublished)
def unindex_on_unpublish(sender, instance, **kwargs):
    unindex_page(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def reindex_on_restriction_change(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    page_id = instance.page_id

    def reindex():
        page = Page.objects.filter(pk=page_id).first()
        if page is None:  # the page itself was deleted: its terms went with it
            return
        for each in Page.objects.descendant_of(page, inclusive=True).live().specific().iterator():
            index_page(each)

    # After commit: when a page is deleted its restrictions go first, and nothing may be
    # indexed for a page on its way out.
    transaction.on_commit(reindex)


@receiver(post_migrate)
def index_what_the_index_lacks(sender, **kwargs):
    """After migrating, the admin finds what was saved without reaching the index (see
    index_missing). A look-up per table when nothing is missing."""
    if sender.name != "outreach":
        return
    tables = connection.introspection.table_names()
    if ObjectSearchTerm._meta.db_table in tables:  # not when migrated back before it
        index_missing()
