import pytest
from django.db import connection
from django.test import Client

from campaigns.models import ResourceDownloads, ResourcePage
from campaigns.services import record_download
from tests.utils import race

from .factories import ResourcePageFactory


@pytest.mark.django_db
class TestDownload:
    def test_download_counts_and_hands_over_the_file(self, client, resource_index):
        page = ResourcePageFactory(parent=resource_index, title="电动自行车安全海报")
        url = f"/resources/{page.pk}/download/"
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"] == page.file.url
        assert ResourceDownloads.objects.get(page=page).count == 3
        assert "下载 3 次" in client.get(page.url).content.decode()

    def test_republishing_does_not_reset_the_count(self, client, resource_index):
        page = ResourcePageFactory(parent=resource_index)
        client.get(f"/resources/{page.pk}/download/")
        page.title = "新标题"
        page.save_revision().publish()
        assert ResourcePage.objects.get(pk=page.pk).download_count == 1

    def test_drafts_and_unknown_ids_are_not_found(self, client, resource_index):
        draft = ResourcePageFactory(parent=resource_index, live=False)
        assert client.get(f"/resources/{draft.pk}/download/").status_code == 404
        assert client.get("/resources/999999/download/").status_code == 404
        assert not ResourceDownloads.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_downloads_are_all_counted(home_page, taxonomy):
    from .factories import ResourceIndexPageFactory

    page = ResourcePageFactory(parent=ResourceIndexPageFactory(parent=home_page))

    def download():
        for _ in range(5):
            record_download(page)

    race(download, n=8)
    assert ResourceDownloads.objects.get(page=page).count == 40
    assert Client().get(page.url).status_code == 200
