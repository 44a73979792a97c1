import os
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from outreach import roles
from outreach.models import HomePage


def ensure_site_tree():
    """Recreate what migrations put in the database and a flush takes away.

    `live_server` and `transaction=True` tests truncate every table after each test,
    taking Wagtail's root page, the home page, the Site and the role groups with it.
    """
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="修武县消防宣传教育平台", slug="home", locale=locale))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    for name in roles.ALL:
        Group.objects.get_or_create(name=name)
    return home


@pytest.fixture
def home_page(db):
    return ensure_site_tree()


@pytest.fixture
def private_root(settings, tmp_path):
    """Public and private media in a temporary folder; the private folder's path."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo, loaded once for all the tests of a module; returns what `load_demo` printed.

    It is loaded inside an outer transaction that is rolled back when the module ends, so
    each test runs in a savepoint on top of it (its own changes undone after it) and every
    other module still starts from an empty database. The on-commit work of the load (the
    outbox, the waiting list's offers) runs as it would after each commit in production.
    A module using it must not hold transactional or live-server tests.
    """
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction
    from django.test import TestCase
    from wagtail.models import Collection

    out = StringIO()
    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            ensure_site_tree()
            # A transactional test run before flushes the root collection migrations made.
            if Collection.get_first_root_node() is None:
                Collection.add_root(name="Root")
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    cache.clear()  # nothing cached from the demo outlives it


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium: Playwright cannot download its own browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A small phone (iPhone SE size) speaking Chinese, as most of our public is."""
    return {
        **browser_context_args,
        "viewport": {"width": 375, "height": 667},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "zh-CN",
    }
