from django.core.management.base import BaseCommand

from outreach.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the Chinese search index: every page (the public search reads the live public ones), image and document."

    def handle(self, *args, **options):
        self.stdout.write(f"已索引 {rebuild()} 个页面。")
