from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


def demo_modules():
    """Each installed app's `demo` module, in INSTALLED_APPS order (the core is first, so
    the others can hang their content on its townships and users)."""
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise


class Command(BaseCommand):
    help = "Load the demo content (idempotent: running it twice changes nothing)."

    def handle(self, *args, **options):
        self.stdout.write("载入演示内容……")
        for module in demo_modules():
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("演示内容已就绪。"))
