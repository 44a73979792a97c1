import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import ensure_site_tree

# Playwright's sync API runs an event loop in this thread; the ORM calls made by test
# set-up are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def site_tree(transactional_db):
    return ensure_site_tree()


@pytest.fixture
def axe_violations():
    """Serious or critical axe-core violations on the page, as readable strings."""

    def check(page):
        results = Axe().run(page)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    return check
