"""The site shell shows what apps register as site banners, and loads no app's template tags."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.safestring import mark_safe
from wagtail import hooks

from outreach.banners import SITE_BANNERS_HOOK, render_site_banners

DOMAIN_APPS = ("campaigns", "courses", "venues")


def domain_tag_libraries():
    names = set()
    for app in DOMAIN_APPS:
        names |= {path.stem for path in (Path(settings.BASE_DIR) / app).rglob("templatetags/*.py")}
    names.discard("__init__")
    return names


def test_the_site_shell_loads_no_app_template_tags():
    libraries = domain_tag_libraries()
    assert "campaigns_tags" in libraries  # the check can see what it forbids
    shell = (Path(settings.BASE_DIR) / "themes/templates/base.html").read_text(encoding="utf-8")
    loaded = {name for load in re.findall(r"{%\s*load\s+([^%]+)%}", shell) for name in load.split()}
    assert loaded, "base.html loads its tag libraries with {% load %}"
    assert not loaded & libraries


@pytest.mark.django_db
class TestSiteBanners:
    def test_registered_banners_show_in_order_and_empty_ones_add_nothing(self, client, home_page):
        with (
            hooks.register_temporarily(SITE_BANNERS_HOOK, lambda request: mark_safe('<p class="b1">一</p>')),
            hooks.register_temporarily(SITE_BANNERS_HOOK, lambda request: ""),
            hooks.register_temporarily(SITE_BANNERS_HOOK, lambda request: mark_safe('<p class="b2">二</p>')),
        ):
            html = client.get("/").content.decode()
        assert html.index('class="b1"') < html.index('class="b2"') < html.index('id="main"')

    def test_plain_text_from_a_banner_is_escaped(self, rf):
        with hooks.register_temporarily(SITE_BANNERS_HOOK, lambda request: "<script>x</script>"):
            assert "<script>" not in render_site_banners(rf.get("/"))

    def test_the_119_banner_is_the_same_for_every_visitor_and_carries_no_token(self, client, home_page):
        from django.contrib.auth import get_user_model
        from wagtail.models import Site

        from campaigns.models import PublicityMonthSettings

        month = PublicityMonthSettings.for_site(Site.objects.get(is_default_site=True))
        month.theme, month.slogan = "全民消防 生命至上", "关注消防，珍爱生命"
        month.save()
        anonymous = client.get("/").content.decode()
        banner = re.search(r'<div class="month-banner".*?</div>\s*</div>', anonymous, re.S).group(0)
        assert "全民消防 生命至上" in banner
        client.force_login(get_user_model().objects.create_user("visitor-with-session", password="x"))
        signed_in = client.get("/").content.decode()
        assert banner in signed_in
        assert "csrfmiddlewaretoken" not in banner and "visitor-with-session" not in banner
