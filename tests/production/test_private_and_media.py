"""Private files through nginx: the app decides, nginx sends (X-Accel-Redirect), and
only to the users allowed. Under /media/ nginx serves the public folders and nothing else."""

from pathlib import Path

import pytest
from django.conf import settings

from .targets import DEMO_USERNAMES


def test_the_demo_has_private_files_to_check(targets):
    assert targets["private"], "no file in private storage after load_demo"


def test_each_private_file_goes_to_the_users_allowed_and_nobody_else(targets, anonymous, signed_in):
    problems = []
    for item in targets["private"]:
        url = item["url"]
        assert url.startswith(settings.PRIVATE_MEDIA_URL), item
        assert item["allowed"], f"{item['what']}: no demo user may see {url}"
        answer = anonymous.get(url)
        if answer.status != 404:
            problems.append(f"{item['what']}: anonymous got {answer.status}")
        for username in item["allowed"]:
            answer = signed_in(username).get(url)
            if answer.status != 200 or len(answer.body) != item["size"]:
                problems.append(f"{item['what']}: {username} got {answer.status}, {len(answer.body)} bytes")
            elif "x-accel-redirect" in answer.headers:
                problems.append(f"{item['what']}: nginx passed X-Accel-Redirect on to {username}")
            elif "no-store" not in answer.headers.get("cache-control", ""):
                problems.append(f"{item['what']}: sent to {username} without Cache-Control no-store")
        for username in item["refused"]:
            answer = signed_in(username).get(url)
            if answer.status != 404:
                problems.append(f"{item['what']}: {username} (not allowed) got {answer.status}")
    assert problems == [], "\n".join(problems)


def test_a_drill_photo_goes_to_its_school_and_not_to_a_venue_manager(targets, anonymous, signed_in):
    url = targets["school_drill_photo"]
    assert url, "the demo school has no drill photo"
    school = signed_in("school").get(url)
    assert school.status == 200
    assert school.content_type.startswith("image/")
    assert signed_in("venue").get(url).status == 404
    assert anonymous.get(url).status == 404


def test_the_internal_location_is_not_reachable_from_outside(targets, anonymous, signed_in):
    name = targets["private"][0]["url"].removeprefix(settings.PRIVATE_MEDIA_URL)
    for client in (anonymous, signed_in("admin")):
        assert client.get(f"/internal-private/{name}").status == 404
        assert client.get(f"/private/../internal-private/{name}").status in (400, 404)


def public_media(media_root):
    for path in sorted(media_root.rglob("*")):
        if path.is_file():
            yield path, path.relative_to(media_root).as_posix()


def test_media_outside_the_public_folders_answers_404(media_root, anonymous, signed_in):
    folders = tuple(settings.PUBLIC_MEDIA_FOLDERS)
    outside = [rel for _path, rel in public_media(media_root) if not rel.startswith(folders)]
    assert "not-public/probe.jpg" in outside
    # A sample per top folder is enough: nginx decides by the location, not by the file.
    sample = {}
    for rel in outside:
        sample.setdefault(rel.split("/")[0], []).append(rel)
    paths = [rel for group in sample.values() for rel in group[:5]]
    served = []
    for client in (anonymous, signed_in("admin")):
        for rel in paths:
            answer = client.get(f"{settings.MEDIA_URL}{rel}")
            if answer.status != 404:
                served.append(f"{rel} -> {answer.status}")
    for path in ("/media/", "/media/not-public/", "/media/original_images/../not-public/probe.jpg"):
        answer = anonymous.get(path)
        if answer.status not in (400, 404):
            served.append(f"{path} -> {answer.status}")
    assert served == [], "served outside PUBLIC_MEDIA_FOLDERS:\n" + "\n".join(served)


def test_media_in_the_public_folders_is_served_from_disk(media_root, anonymous):
    folders = tuple(settings.PUBLIC_MEDIA_FOLDERS)
    inside = [(path, rel) for path, rel in public_media(media_root) if rel.startswith(folders)]
    assert inside, "load_demo stored no public image"
    for path, rel in inside[:: max(1, len(inside) // 20)]:
        answer = anonymous.get(f"{settings.MEDIA_URL}{rel}")
        assert answer.status == 200, rel
        assert answer.content_type.startswith("image/"), rel
        assert answer.body == Path(path).read_bytes()
        assert "expires" in answer.headers  # nginx's `expires 30d`, not the app


@pytest.mark.parametrize("username", [u for u in DEMO_USERNAMES if u != "admin"])
def test_every_demo_user_signs_in_on_the_site_through_the_proxy(username, signed_in):
    assert any(cookie.name == "sessionid" for cookie in signed_in(username).jar)


def test_the_stack_serves_the_collected_static_files(anonymous):
    page = anonymous.get("/")
    css = [
        line
        for line in page.text.split('"')
        if line.startswith(settings.STATIC_URL) and line.endswith(".css")
    ]
    assert css, "the home page links no stylesheet"
    answer = anonymous.get(css[0])
    assert answer.status == 200
    assert "max-age" in answer.headers.get("cache-control", "")
