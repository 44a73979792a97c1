"""Hit counters: every hit counted, a killed process loses none, concurrent hits add up."""

import signal
import socket
import subprocess
import sys
import threading
from datetime import date

import pytest
from django.db import connection
from django_q.models import Schedule

from outreach import counters
from tests.outreach.test_settings import clean_env
from tests.utils import race
from tests.venues.factories import VenueFactory
from venues.models import VenueScanDay
from venues.public import scans

REDIS_URL = "redis://127.0.0.1:6379/7"  # this suite's own Redis database, flushed by it


def redis_is_up():
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


needs_redis = pytest.mark.skipif(not redis_is_up(), reason="no Redis server on 127.0.0.1:6379")


@pytest.fixture
def redis_counters(settings):
    settings.COUNTERS_REDIS_URL = REDIS_URL
    client = counters.redis_client()
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def no_redis(settings):
    settings.COUNTERS_REDIS_URL = ""


def count(venue):
    return sum(VenueScanDay.objects.filter(venue=venue).values_list("count", flat=True))


@pytest.mark.django_db
def test_without_redis_each_hit_is_written_at_once(no_redis):
    venue = VenueFactory()
    for _ in range(1000):
        scans.record_scan(venue.pk)
    assert count(venue) == 1000
    assert counters.flush() == 0


@pytest.mark.django_db
def test_flush_runs_every_minute():
    schedule = Schedule.objects.get(func="outreach.counters.flush")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1 and schedule.repeats == -1


@needs_redis
@pytest.mark.django_db
def test_a_thousand_hits_are_all_counted_after_one_flush(redis_counters):
    venue = VenueFactory()
    for _ in range(1000):
        scans.record_scan(venue.pk)
    assert count(venue) == 0  # in Redis until the flush
    assert counters.flush() == 1000
    assert count(venue) == 1000
    scans.record_scan(venue.pk)
    assert counters.flush() == 1
    assert counters.flush() == 0
    assert count(venue) == 1001


@needs_redis
@pytest.mark.django_db
def test_a_deleted_venue_takes_its_counts_and_days_are_kept_apart(redis_counters):
    venue, gone = VenueFactory(), VenueFactory()
    counters.hit(scans.COUNTER, venue.pk, day=date(2026, 11, 28))
    counters.hit(scans.COUNTER, venue.pk, amount=2)
    counters.hit(scans.COUNTER, gone.pk)
    gone.delete()
    counters.flush()
    assert sorted(VenueScanDay.objects.values_list("day", "count")) == [
        (date(2026, 11, 28), 1),
        (VenueScanDay.objects.latest("day").day, 2),
    ]


@needs_redis
@pytest.mark.django_db
def test_a_batch_left_by_a_crashed_flusher_is_written_by_the_next(redis_counters):
    venue = VenueFactory()
    for _ in range(5):
        scans.record_scan(venue.pk)
    key = "outreach:counter:venues.scan"
    redis_counters.rename(key, key + ":flushing:crashed")  # what a flusher killed mid-way leaves
    scans.record_scan(venue.pk)
    assert counters.flush() == 6
    assert count(venue) == 6
    assert not list(redis_counters.scan_iter(match=key + "*"))


@needs_redis
@pytest.mark.django_db
def test_a_web_process_killed_with_sigkill_loses_no_counted_hit(redis_counters):
    """500 hits, then kill -9 of the process that counted them: all 500 are flushed."""
    venue = VenueFactory()
    code = (
        "import os, signal, django; django.setup()\n"
        "from outreach import counters\n"
        f"for _ in range(500): counters.hit('venues.scan', {venue.pk})\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=clean_env(
            DJANGO_SETTINGS_MODULE="outreach.settings.dev", COUNTERS_REDIS_URL=REDIS_URL, REDIS_URL=""
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == -signal.SIGKILL, completed.stderr
    assert counters.flush() == 500
    assert count(venue) == 500


@needs_redis
@pytest.mark.django_db
def test_concurrent_hits_in_redis_lose_nothing(redis_counters):
    venue = VenueFactory()

    def hits():
        for _ in range(100):
            counters.hit(scans.COUNTER, venue.pk)

    threads = [threading.Thread(target=hits) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counters.flush()
    assert count(venue) == 1000


@needs_redis
@pytest.mark.django_db
def test_another_part_counts_with_the_same_helper(redis_counters):
    """Culture-street plates (or anything keyed by an id) register their own writer."""
    written = {}

    def writer(counts):
        for key, value in counts.items():
            written[key] = written.get(key, 0) + value

    counters.register("tests.plate", writer)
    try:
        counters.hit("tests.plate", 7)
        counters.hit("tests.plate", 7)
        counters.flush("tests.plate")
    finally:
        counters._writers.pop("tests.plate")
    assert list(written.values()) == [2]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_in_the_database_lose_nothing(no_redis):
    venue = VenueFactory()

    def hits():
        for _ in range(50):
            scans.record_scan(venue.pk)
        return True

    race(hits, n=20, connections=20)
    assert count(venue) == 1000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_flushes_count_each_hit_once(settings):
    if not redis_is_up():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings.COUNTERS_REDIS_URL = REDIS_URL
    client = counters.redis_client()
    client.flushdb()
    venue = VenueFactory()
    for _ in range(300):
        scans.record_scan(venue.pk)
    assert sum(race(counters.flush, n=4)) == 300
    assert count(venue) == 300
    client.flushdb()


@pytest.mark.django_db
def test_with_redis_down_hits_are_written_to_the_database(settings):
    settings.COUNTERS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    venue = VenueFactory()
    for _ in range(3):
        scans.record_scan(venue.pk)
    assert count(venue) == 3
