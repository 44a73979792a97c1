"""The private files' core: names nobody can guess, and the headers every private file is
sent with, also when nginx sends it (X-Accel-Redirect drops the app's own headers)."""

import re
from pathlib import Path

from django.conf import settings

from outreach.private_files import unguessable_name


def test_unguessable_names_keep_only_the_folder_and_a_known_suffix():
    first = unguessable_name("bookings/letters/", "document.pdf")
    second = unguessable_name("bookings/letters/", "document.pdf")
    assert first != second
    assert re.fullmatch(r"bookings/letters/[0-9a-f]{32}\.pdf", first)
    assert unguessable_name("x/", "张三身份证.exe").endswith(".jpg")


def test_the_readme_proxy_adds_the_sandbox_headers_to_files_it_sends():
    text = Path(settings.BASE_DIR, "README.md").read_text()
    config = re.findall(r"```nginx\n(.*?)```", text, re.S)[0]
    internal = re.search(r"location /internal-private/ \{(.*?)\}", config, re.S).group(1)
    assert "add_header X-Content-Type-Options nosniff;" in internal
    assert "add_header Content-Security-Policy sandbox;" in internal
