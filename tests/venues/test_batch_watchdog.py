"""The watchdog: a batch a dead worker left "生成中" is resumed, each poster once."""

import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import race
from venues import services
from venues.models import PosterBatch, Venue
from venues.models.posters import BatchStatus

from .factories import VenueFactory, add_prompts


@pytest.fixture
def editor():
    return UserFactory(roles=[roles.EDITOR])


def half_done_batch(editor, monkeypatch, n=3):
    """A batch whose worker died after its first poster: running, one stored, no more tasks."""
    township = TownshipFactory()
    venues = [add_prompts(VenueFactory(township=township)) for _ in range(n)]
    monkeypatch.setattr(services, "_enqueue", lambda *args: None)
    batch = services.start_poster_batch(
        editor, Venue.objects.filter(pk__in=[v.pk for v in venues]), ["A4"], ["png"]
    )
    # The chunk tasks went to a worker that is now dead: nothing runs them.
    first = batch.items.order_by("pk").first()
    venue = Venue.objects.with_prompts().get(pk=first.venue_id)
    services.record_item(first, "first.png", tasks_content(venue), venue.content_version)
    monkeypatch.undo()
    return PosterBatch.objects.get(pk=batch.pk)


def tasks_content(venue):
    from django.core.files.base import ContentFile

    from venues.posters import render_poster

    return ContentFile(render_poster(venue, None, "A4", "png"))


def age(batch, minutes):
    PosterBatch.objects.filter(pk=batch.pk).update(progress_at=timezone.now() - timedelta(minutes=minutes))


@pytest.mark.django_db
def test_a_stalled_batch_is_resumed_and_finishes_with_each_poster_once(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    batch = half_done_batch(editor, monkeypatch)
    assert batch.status == BatchStatus.RUNNING
    assert services.resume_stalled_batches() == []  # progress a moment ago: not stalled
    age(batch, 4)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_stalled_batches() == [batch.pk]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert batch.items.exclude(file="").count() == 3
    with zipfile.ZipFile(batch.archive.path) as archive:
        assert len(archive.namelist()) == 3 == len(set(archive.namelist()))
    age(batch, 10)
    assert services.resume_stalled_batches() == []  # done batches are left alone


@pytest.mark.django_db
def test_a_finisher_that_died_before_the_zip_is_resumed(
    editor, monkeypatch, django_capture_on_commit_callbacks
):
    batch = half_done_batch(editor, monkeypatch, n=1)
    PosterBatch.objects.filter(pk=batch.pk).update(finished_at=timezone.now())  # claimed, then killed
    age(batch, 5)
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_stalled_batches()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.archive


@pytest.mark.django_db
def test_failed_batches_wait_for_a_person(editor, monkeypatch):
    batch = half_done_batch(editor, monkeypatch)
    PosterBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, error="找不到中文字体")
    age(batch, 30)
    assert services.resume_stalled_batches() == []


@pytest.mark.django_db
def test_the_batch_page_offers_to_continue_a_stalled_batch(client, editor, monkeypatch):
    batch = half_done_batch(editor, monkeypatch)
    client.force_login(editor)
    url = reverse("venues_admin:batch", args=[batch.pk])
    html = client.get(url).content.decode()
    assert "继续生成" not in html  # still making progress
    age(batch, 4)
    html = client.get(url).content.decode()
    assert "继续生成" in html and "已有几分钟没有进展" in html
    monkeypatch.setattr(services, "_enqueue", lambda *args: None)
    assert client.post(url, {"retry": "1"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PENDING and batch.progress_at > timezone.now() - timedelta(minutes=1)


@pytest.mark.django_db
def test_another_users_stalled_batch_is_not_theirs_to_continue(client, editor, monkeypatch):
    batch = half_done_batch(editor, monkeypatch)
    age(batch, 4)
    client.force_login(UserFactory(roles=[roles.VENUE_MANAGER]))
    url = reverse("venues_admin:batch", args=[batch.pk])
    assert client.post(url, {"retry": "1"}).status_code == 404


@pytest.mark.django_db
def test_the_watchdog_runs_every_minute():
    schedule = Schedule.objects.get(func="venues.tasks.resume_stalled_batches")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 1 and schedule.repeats == -1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_watchdogs_at_once_resume_a_batch_once(editor, monkeypatch):
    from tests.conftest import ensure_site_tree

    ensure_site_tree()
    batch = half_done_batch(editor, monkeypatch)
    age(batch, 4)
    enqueued = []
    monkeypatch.setattr(services, "_enqueue", lambda *args: enqueued.append(args))
    results = race(services.resume_stalled_batches, n=6)
    assert sorted(sum(results, [])) == [batch.pk]
    assert len(enqueued) == 1  # one chunk, enqueued by the one watchdog that claimed the batch
