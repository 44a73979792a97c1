"""The production smoke tests run only against a stack `tests/production/stack.py` (or
`make production-smoke`) started: nginx with the README's block in front of gunicorn,
qcluster, PostgreSQL and Redis. Without PRODUCTION_BASE_URL they are skipped."""

import json
import os
from pathlib import Path

import pytest

from .client import Client

BASE_URL = os.environ.get("PRODUCTION_BASE_URL", "").rstrip("/")
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    if BASE_URL:
        return
    skip = pytest.mark.skip(reason="no production stack (run make production-smoke)")
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url():
    return BASE_URL


@pytest.fixture(scope="session")
def targets():
    return json.loads(Path(os.environ["PRODUCTION_TARGETS"]).read_text())


@pytest.fixture(scope="session")
def media_root():
    return Path(os.environ["PRODUCTION_MEDIA_ROOT"])


@pytest.fixture(scope="session")
def anonymous():
    return Client(BASE_URL)


@pytest.fixture(scope="session")
def signed_in():
    """A client signed in as a demo user, one per user for the session."""
    clients = {}

    def get(username):
        if username not in clients:
            client = Client(BASE_URL)
            client.sign_in(username, admin=username == "admin")
            clients[username] = client
        return clients[username]

    return get


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # nginx ends TLS with a throwaway certificate made for this run.
    return {**browser_context_args, "ignore_https_errors": True}
