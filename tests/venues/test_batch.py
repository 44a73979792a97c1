import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from outreach import roles
from tests.outreach.factories import TownshipFactory, UserFactory
from tests.utils import race
from venues import services, tasks
from venues.models import PosterBatch, PosterBatchItem, Venue
from venues.models.posters import BatchStatus

from .conftest import zbar_decode
from .factories import VenueFactory, add_prompts, add_zone


@pytest.fixture
def township():
    return TownshipFactory(name="云台山镇", code="yuntaishan")


@pytest.mark.django_db
def test_batch_from_the_admin_builds_one_zip_with_progress(
    client, township, django_capture_on_commit_callbacks, tmp_path
):
    venues = [add_prompts(VenueFactory(township=township)) for _ in range(2)]
    add_zone(venues[0], "东区客房")
    VenueFactory(township=township, is_open=False)
    editor = UserFactory(roles=[roles.EDITOR])
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("venues_admin:batches"),
            {"township": township.pk, "sizes": ["A4", "A3"], "formats": ["png"]},
        )
    batch = PosterBatch.objects.get()
    assert response.status_code == 302
    assert batch.total == 3 * 2  # two venues + one zone, two sizes; the closed venue is skipped
    assert batch.status == BatchStatus.DONE
    html = client.get(reverse("venues_admin:batch", args=[batch.pk])).content.decode()
    assert "已生成 6 / 6 张" in html
    download = client.get(reverse("venues_admin:batch_download", args=[batch.pk]))
    path = tmp_path / "posters.zip"
    path.write_bytes(b"".join(download.streaming_content))
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert len(names) == 6 == len(set(names))
        assert all(name.startswith("云台山镇/") for name in names)
        first = tmp_path / "first.png"
        first.write_bytes(archive.read(names[0]))
    assert zbar_decode(first)[0].startswith("http")
    for venue in venues:
        venue.refresh_from_db()
        assert venue.printed_version == venue.content_version


@pytest.mark.django_db
def test_interrupted_batch_finishes_on_retry_without_duplicates(
    township, monkeypatch, django_capture_on_commit_callbacks
):
    venues = [add_prompts(VenueFactory(township=township)) for _ in range(3)]
    user = UserFactory(roles=[roles.EDITOR])
    calls = []
    real = tasks.render_layout

    def flaky(layout, size, fmt):
        calls.append(size)
        if len(calls) == 4:
            raise SystemExit("worker restarted")  # what a killed worker looks like mid-job
        return real(layout, size, fmt)

    monkeypatch.setattr(tasks, "render_layout", flaky)
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        batch = services.start_poster_batch(
            user, Venue.objects.filter(pk__in=[v.pk for v in venues]), ["A4", "A3"], ["pdf"]
        )
    batch = PosterBatch.objects.get()
    assert batch.items.exclude(file="").count() == 3
    assert not batch.archive
    # django-q2 hands an unacknowledged task to another worker: the same chunk runs again.
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert len(calls) == 7  # six posters, one of them attempted twice: nothing rendered twice
    assert PosterBatchItem.objects.filter(batch=batch).count() == 6
    with zipfile.ZipFile(batch.archive.path) as archive:
        assert len(archive.namelist()) == 6 == len(set(archive.namelist()))
    # Running the whole job once more changes nothing.
    tasks.render_poster_chunk(batch.pk, 0)
    assert PosterBatchItem.objects.filter(batch=batch).count() == 6
    assert len(calls) == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_store_each_poster_once_and_build_the_zip_once(township, monkeypatch):
    from django.core.files.base import ContentFile

    from tests.conftest import ensure_site_tree

    ensure_site_tree()
    monkeypatch.setattr(services, "_enqueue", lambda *args: None)  # we play the workers
    venue = add_prompts(VenueFactory(township=township))
    user = UserFactory(roles=[roles.EDITOR])
    batch = services.start_poster_batch(user, Venue.objects.filter(pk=venue.pk), ["A4", "A3"], ["pdf"])
    for item in batch.items.all():
        assert race(
            lambda item=item: services.record_item(item, f"{item.pk}.pdf", ContentFile(b"%PDF"), 1)
        ) == [
            False,
            False,
            False,
            True,
        ]
    assert race(lambda: tasks.finish_poster_batch(batch.pk)) == [False, False, False, True]
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    with zipfile.ZipFile(batch.archive.path) as archive:
        assert len(archive.namelist()) == 2
