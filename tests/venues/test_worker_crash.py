"""kill -9 of the whole worker cluster mid-batch, with Redis as the broker, on PostgreSQL.

Nobody presses anything afterwards: a new cluster's schedules (the batch watchdog and the
notification outbox) finish the batch with every poster once and send every queued
notification exactly once. Bounded: the test fails rather than wait past 90 s.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from email import message_from_string
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.models import Schedule

from outreach.models import Notification
from tests.conftest import ensure_site_tree
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.outreach.test_settings import clean_env
from venues.models import PosterBatch
from venues.models.posters import BatchStatus

from .factories import VenueFactory, add_prompts

REDIS_URL = "redis://127.0.0.1:6379/7"  # this suite's own Redis database, flushed by it
VENUES = 16  # A4 PNG posters, in chunks of 4 (crash_settings)
NOTIFICATIONS = 10
DEADLINE = 90


def redis_is_up():
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the crash test runs on PostgreSQL"),
    pytest.mark.skipif(not redis_is_up(), reason="no Redis server on 127.0.0.1:6379"),
]

DRIVER = f"""
import django; django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from outreach import notify
from venues import services
from venues.models import Venue
user = get_user_model().objects.get(username="crash-editor")
services.start_poster_batch(user, Venue.objects.filter(name__startswith="崩溃测试"), ["A4"], ["png"])
with transaction.atomic():
    for i in range({NOTIFICATIONS}):
        notify.queue(f"crash:{{i}}", f"person{{i}}@example.com", f"第{{i}}条通知", subject=f"crash-notice-{{i}}")
"""


def database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Cluster:
    """`manage.py qcluster` in its own process group, so kill -9 reaches every worker."""

    def __init__(self, env, log):
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, sig=signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        self.process.wait(timeout=20)


def wait_for(condition, until, step=0.5):
    while time.monotonic() < until:
        if condition():
            return True
        time.sleep(step)
    return condition()


def sent_subjects(mail_dir):
    subjects = []
    for path in Path(mail_dir).glob("*.log"):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                subjects.append(message_from_string(chunk.strip())["Subject"])
    return subjects


@pytest.mark.django_db(transaction=True)
def test_killed_cluster_mid_batch_then_a_new_cluster_finishes_everything_once(tmp_path):
    import redis

    started = time.monotonic()
    until = started + DEADLINE
    redis.Redis.from_url(REDIS_URL).flushdb()
    ensure_site_tree()
    township = TownshipFactory(name="崩溃镇", code="crash")
    for n in range(VENUES):
        add_prompts(VenueFactory(township=township, name=f"崩溃测试场所{n:02d}"))
    UserFactory(username="crash-editor", is_superuser=True)
    for name, func in [
        ("venues: resume stalled poster batches", "venues.tasks.resume_stalled_batches"),
        ("outreach: send pending notifications", "outreach.notify.send_pending"),
    ]:
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": Schedule.MINUTES, "minutes": 1, "repeats": -1},
        )
    media, mail_dir = tmp_path / "media", tmp_path / "mail"
    media.mkdir()
    mail_dir.mkdir()
    env = clean_env(
        DJANGO_SETTINGS_MODULE="tests.venues.crash_settings",
        DATABASE_URL=database_url(),
        CRASH_REDIS_URL=REDIS_URL,
        CRASH_MEDIA_ROOT=str(media),
        CRASH_MAIL_DIR=str(mail_dir),
    )
    log = (tmp_path / "cluster.log").open("w")
    first = Cluster(env, log)
    second = None
    try:
        driver = subprocess.run(
            [sys.executable, "-c", DRIVER],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert driver.returncode == 0, driver.stderr
        batch = PosterBatch.objects.get()
        assert batch.total == VENUES

        # Kill -9 every process of the cluster once a few posters are stored.
        assert wait_for(lambda: batch.items.exclude(file="").count() >= 2, until), (
            "the first cluster never started"
        )
        first.kill()
        killed_at = batch.items.exclude(file="").count()
        batch.refresh_from_db()
        assert killed_at < VENUES and batch.status == BatchStatus.RUNNING, "killed too late to prove anything"

        # The schedules would come due within their minute; don't spend that minute waiting.
        Schedule.objects.filter(
            func__in=["venues.tasks.resume_stalled_batches", "outreach.notify.send_pending"]
        ).update(next_run=timezone.now())
        second = Cluster(env, log)

        def finished():
            batch.refresh_from_db()
            pending = Notification.objects.exclude(status=Notification.SENT).count()
            return batch.status == BatchStatus.DONE and pending == 0

        done = wait_for(finished, until, step=1)
        second.kill()
        log.flush()
        assert done, (
            f"after {time.monotonic() - started:.0f} s: batch {batch.status} "
            f"{batch.items.exclude(file='').count()}/{VENUES}, killed at {killed_at}; "
            + (tmp_path / "cluster.log").read_text()[-3000:]
        )
    finally:
        first.kill()
        if second:
            second.kill()
        log.close()

    # Every poster once: one stored file per item, one ZIP entry per poster.
    files = list(batch.items.values_list("file", flat=True))
    assert len(files) == VENUES == len(set(files)) and all(files)
    with zipfile.ZipFile(media / batch.archive.name) as archive:
        names = archive.namelist()
    assert len(names) == VENUES == len(set(names))
    # Every notification exactly once.
    subjects = sorted(sent_subjects(mail_dir))
    assert subjects == sorted(f"crash-notice-{i}" for i in range(NOTIFICATIONS))
    assert time.monotonic() - started < DEADLINE
