import os

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
