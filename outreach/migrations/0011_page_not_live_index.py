from django.db import migrations


class Migration(migrations.Migration):
    """An index of the pages that are not live, on Wagtail's page table.

    Search leaves out pages a visitor may not read, drafts and unpublished pages among
    them: with this index that is a look-up among the few such pages, where it was a scan
    of every page on each query (PostgreSQL did it once per query term). Partial: it
    holds only the pages that are not live, and the condition is written as Django writes
    it, so both databases see that it applies.
    """

    dependencies = [
        ("outreach", "0010_search_title_rows"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX outreach_page_not_live ON wagtailcore_page (id) WHERE NOT live",
            "DROP INDEX outreach_page_not_live",
        ),
    ]
