from io import StringIO

import pytest
from django.core.management import call_command

from campaigns.models import CampaignPage, NewsPage, OutreachSetting, PublicityMonthSettings, ResourcePage


@pytest.mark.django_db
def test_demo_loads_once_with_a_campaign_per_setting(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("load_demo", stdout=out)
    counts = (CampaignPage.objects.count(), NewsPage.objects.count(), ResourcePage.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (CampaignPage.objects.count(), NewsPage.objects.count(), ResourcePage.objects.count()) == counts
    assert counts[1] >= 3 and counts[2] >= 3
    for setting in OutreachSetting.objects.all():
        assert CampaignPage.objects.live().filter(outreach_settings=setting).exists(), setting
    assert "五进宣传" in out.getvalue()
    month = PublicityMonthSettings.objects.get()
    assert month.campaign is not None and month.campaign.live


@pytest.mark.django_db
def test_demo_media_look_real(home_page, settings, tmp_path):
    """Drawn pictures (not flat colour blocks), A4 leaflets of readable text, news that
    does not repeat its lead."""
    from PIL import Image
    from pypdf import PdfReader

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    for resource in ResourcePage.objects.select_related("file", "cover"):
        reader = PdfReader(resource.file.file.path)
        width, height = (float(v) for v in reader.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842), resource.title  # A4 in points
        # fpdf2 writes two-byte character codes; pypdf keeps a NUL before each.
        text = "".join(page.extract_text() for page in reader.pages).replace("\x00", "")
        assert resource.title in text and len(text) > 150, resource.title
        with Image.open(resource.cover.file.path) as cover:
            colours = cover.convert("RGB").getcolors(maxcolors=100_000)
            assert colours is None or len(colours) > 20, resource.title
    for news in NewsPage.objects.all():
        body = str(news.body)
        assert news.intro not in body, news.title
        assert news.photos.exists()
