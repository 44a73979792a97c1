"""Training sign-in: the QR sign-in page under load, and 16 attendees' phones posting the
sign-in form at once through gunicorn, every attendee twice (a double tap, a second scan),
counting that each person is signed in exactly once (meaningful on PostgreSQL; SQLite
runs writers one at a time). Each phone comes from its own address, as phones on a mobile
network do, so the per-address limit is not what is measured."""

import re
import threading
import time
import urllib.parse
import urllib.request
from datetime import timedelta

ATTENDEES = 200
CLIENTS = 16


def populate():
    from django.utils import timezone

    from campaigns.activities.models import TrainingCategory, TrainingSession
    from outreach.models import Township

    township, _ = Township.objects.get_or_create(code="chengguan", defaults={"name": "城关镇"})
    category, _ = TrainingCategory.objects.get_or_create(
        name="单位消防安全责任人", defaults={"key_unit_role": "responsible"}
    )
    session = TrainingSession.objects.create(
        topic="重点单位消防安全责任人培训",
        trainer="王教官",
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(hours=3),
        place="县消防救援大队三楼会议室",
        township=township,
        organiser="修武县消防救援大队",
    )
    session.categories.set([category])
    return session, category


def sign_in_once(base, path, number, category_id):
    """One phone: GET the form (CSRF cookie and token), POST it. Returns the status.

    The cookie is carried by hand: production settings mark it Secure, and the bench
    server speaks plain HTTP on loopback."""
    opener = urllib.request.build_opener(NoRedirect())
    address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    headers = {"X-Forwarded-For": address}
    response = opener.open(urllib.request.Request(base + path, headers=headers), timeout=30)  # noqa: S310 - loopback
    page = response.read().decode()
    cookies = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"学员{number}",
            "unit": "修武县人民医院",
            "category": category_id,
            "mobile": f"139{number:08d}",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        base + path, data=data, headers={**headers, "Cookie": cookies, "Referer": base + path}
    )
    try:
        return opener.open(request, timeout=30).status  # noqa: S310 - loopback
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def run(bench):
    from django.db import connection
    from django.db.models import Count

    from campaigns.activities.models import Attendance

    session, category = populate()
    path = f"/trainings/s/{session.code}/"
    env = {"TRUSTED_PROXY_COUNT": "1"}

    bench.section(f"Sign-in page: gunicorn, 2 workers, loopback, {CLIENTS} connections (never cached)")
    with bench.server(env=env) as server:
        page = server.load(path, connections=CLIENTS)
        static = server.load(server.static_like(path), connections=CLIENTS)
        bench.row("QR sign-in page (GET)", page)
        bench.row("static file of the same size", static)
        bench.ratio("sign-in page / static file (req/s)", page["rps"], static["rps"])

        bench.section(
            f"Sign-in: {CLIENTS} phones at once, {ATTENDEES} attendees each posting twice ({connection.vendor})"
        )
        queue = iter([n for n in range(ATTENDEES) for _twice in range(2)])
        lock = threading.Lock()
        latencies, statuses, errors = [], {}, []

        def phone():
            while True:
                with lock:
                    number = next(queue, None)
                if number is None:
                    break
                began = time.perf_counter()
                try:
                    status = sign_in_once(server.base, path, number, category.pk)
                except Exception as error:  # noqa: BLE001 - counted and shown
                    errors.append(repr(error)[:120])
                    continue
                latencies.append(time.perf_counter() - began)
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1

        threads = [threading.Thread(target=phone) for _ in range(CLIENTS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began

    rows = Attendance.objects.filter(session=session).count()
    duplicates = (
        Attendance.objects.filter(session=session)
        .values("mobile")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    bench.value(
        "sign-ins per second (GET + POST)",
        f"{len(latencies) / elapsed:.1f} ({len(latencies)} in {elapsed:.1f} s)",
    )
    bench.timing("one sign-in (form + post, under load)", latencies)
    bench.value("answers", ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    bench.value("attendees signed in / expected", f"{rows} / {ATTENDEES}")
    bench.value("duplicate sign-ins", str(duplicates))
    bench.value("errors", f"{len(errors)} {errors[:1]}")
