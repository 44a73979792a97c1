import re

import pytest
from django.test import override_settings

from .factories import ContentPageFactory, publish


@pytest.mark.django_db
class TestPublicLook:
    def test_home_page_speaks_chinese_first(self, home_page, client):
        html = client.get("/").content.decode()
        assert '<html lang="zh-hans">' in html
        assert "跳到正文" in html
        assert 'href="tel:119"' in html
        assert 'href="tel:96119"' in html
        assert "修武县消防宣传教育平台" in html

    def test_no_asset_comes_from_another_site(self, home_page, client):
        html = client.get("/").content.decode()
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert external == []

    def test_menu_lists_pages_marked_for_menus(self, home_page, client):
        publish(ContentPageFactory(parent=home_page, title="关于我们", show_in_menus=True))
        publish(ContentPageFactory(parent=home_page, title="隐藏页", show_in_menus=False))
        html = client.get("/").content.decode()
        nav = html[html.index('class="site-nav"') : html.index("</nav>")]
        assert "关于我们" in nav
        assert "隐藏页" not in nav

    def test_english_on_request(self, home_page, client):
        response = client.get("/lang/en/", {"next": "/"})
        assert response.status_code == 302
        assert response.headers["Location"] == "/"
        html = client.get("/").content.decode()
        assert '<html lang="en">' in html
        assert "Skip to content" in html
        assert "Fire alarm" in html

    def test_content_page_shows_blocks(self, home_page, client):
        page = publish(
            ContentPageFactory(
                parent=home_page,
                title="逃生",
                body=[
                    ("heading", "火场逃生"),
                    ("paragraph", "<p>低姿弯腰</p>"),
                    ("callout", {"kind": "alarm", "title": "立即报警", "text": "说清地址"}),
                    ("qa", [{"question": "可以坐电梯吗？", "answer": "<p>不可以。</p>"}]),
                ],
            )
        )
        html = client.get(page.url).content.decode()
        for text in ("<h2>火场逃生</h2>", "低姿弯腰", "立即报警", "可以坐电梯吗？", "<summary>"):
            assert text in html

    def test_404_is_chinese(self, home_page, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "找不到这个页面" in response.content.decode()

    @override_settings(DEBUG=False)
    def test_500_page_is_chinese_and_needs_no_context(self):
        from django.template import loader

        html = loader.get_template("500.html").render({})
        assert "服务器出错了" in html
        assert "tel:119" in html

    def test_body_text_is_at_least_18px(self):
        from pathlib import Path

        css = Path("themes/static/themes/css/site.css").read_text()
        body_rule = css[css.index("body {") : css.index("}", css.index("body {"))]
        assert "1.125rem" in body_rule  # 18 px at the browser default root size


@pytest.mark.django_db
def test_admin_login_page_is_chinese(client):
    html = client.get("/admin/login/").content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html


@pytest.mark.django_db
def test_static_files_are_served_compressed_and_cached(settings, tmp_path):
    """Production storage: hashed names, gzip and a year of caching, via whitenoise."""
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = next(tmp_path.glob("themes/css/site.*.css"))

    response = Client().get(f"/static/themes/css/{hashed.name}", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]


@pytest.mark.django_db
class TestLanguage:
    def test_browser_language_alone_does_not_switch_to_english(self, home_page, client):
        html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
        assert '<html lang="zh-hans">' in html

    def test_lang_parameter_switches_one_page(self, home_page, client):
        assert '<html lang="en">' in client.get("/?lang=en").content.decode()
        assert '<html lang="zh-hans">' in client.get("/").content.decode()

    def test_unknown_language_falls_back_to_chinese(self, home_page, client):
        assert '<html lang="zh-hans">' in client.get("/?lang=xx").content.decode()


@pytest.mark.django_db
def test_page_titles(home_page, client):
    page = publish(ContentPageFactory(parent=home_page, title="关于我们", slug="about"))
    assert "<title>修武县消防宣传教育平台</title>" in client.get("/").content.decode()
    assert "<title>关于我们 · 修武县消防宣传教育平台</title>" in client.get(page.url).content.decode()


@pytest.mark.django_db
class TestLanguageSwitch:
    def test_public_pages_carry_no_csrf_token(self, home_page, client):
        assert "csrfmiddlewaretoken" not in client.get("/").content.decode()

    def test_switch_back_to_chinese(self, home_page, client):
        client.get("/lang/en/")
        client.get("/lang/zh-hans/")
        assert '<html lang="zh-hans">' in client.get("/").content.decode()

    def test_unknown_code_changes_nothing(self, home_page, client):
        response = client.get("/lang/xx/", {"next": "/"})
        assert response.status_code == 302
        assert "django_language" not in response.cookies

    def test_next_must_stay_on_this_site(self, home_page, client):
        response = client.get("/lang/en/", {"next": "https://evil.example/"})
        assert response.headers["Location"] == "/"

    def test_switcher_links_back_to_the_current_page(self, home_page, client):
        html = client.get("/search/?q=%E9%80%83%E7%94%9F").content.decode()
        assert 'href="/lang/en/?next=/search/%3Fq%3D%25E9%2580%2583%25E7%2594%259F"' in html


@pytest.mark.django_db
def test_footer_links_reach_the_public_services(home_page, client):
    html = client.get("/").content.decode()
    footer = html[html.index('class="site-footer"') :]
    for path in ("/courseware/", "/v/report-status/", "/feeds/news/", "/schools/", "/lang/en/"):
        assert f'href="{path}' in footer
    for path in ("/courseware/", "/v/report-status/", "/feeds/news/"):
        assert client.get(path).status_code == 200
