from importlib import import_module

from django.core.management.base import BaseCommand

# Each app that has demo content provides `<app>.demo.load(stdout)`; the core goes first
# because the others hang their content on its townships and users.
DEMO_APPS = ["outreach", "campaigns", "courses", "venues"]


class Command(BaseCommand):
    help = "Load the demo content (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        self.stdout.write("载入演示内容……")
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app}.demo":
                    raise
                continue
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
