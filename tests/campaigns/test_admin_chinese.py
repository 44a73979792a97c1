"""The admin speaks Chinese to the people who use it, and the editor's path is plain:
Wagtail's own strings that its catalogue leaves in English, pinyin slugs, the submit
button in front, a confirmation for the reviewer."""

import re

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaigns.models import CampaignPage, OutreachSetting
from outreach import roles
from tests.courses.factories import SchoolFactory
from tests.outreach.factories import ContentPageFactory, UserFactory
from tests.venues.factories import VenueFactory

from .factories import CampaignPageFactory
from .test_workflow import edit_data, post_edit

pytestmark = pytest.mark.django_db

# Strings users found in English on the admin pages their roles use.
KNOWN_ENGLISH = [
    "Search all pages",
    "Page types usage",
    "Checks",
    "Privacy and access",
    "could not be saved due to validation errors",
    "is already in use",
    "Pages <span",
    "Images <span",
    "Documents <span",
    "created in",
    "Insert a block",
    "Choose parent",
    "Has child pages",
    "Page type",
]
PAGINATION_IN_ENGLISH = re.compile(r"\d+-\d+ of \d+")


def english_left(html):
    found = [s for s in KNOWN_ENGLISH if s in html]
    found += PAGINATION_IN_ENGLISH.findall(html)
    return found


@pytest.fixture
def people(home_page):
    venue_manager = UserFactory(roles=[roles.VENUE_MANAGER])
    venue = VenueFactory()
    venue.managers.add(venue_manager)
    venue.save()
    return {
        "editor": UserFactory(roles=[roles.EDITOR]),
        "reviewer": UserFactory(roles=[roles.REVIEWER]),
        "township": UserFactory(roles=[roles.TOWNSHIP_OFFICER], township=venue.township),
        "venue": venue_manager,
        "bureau": UserFactory(roles=[roles.EDUCATION_BUREAU]),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }


def test_admin_pages_the_roles_use_speak_chinese(client, people, campaign_index, home_page):
    page = CampaignPageFactory(parent=campaign_index, title="消防宣传进社区", hero_image=None)
    SchoolFactory()
    urls = [
        "/admin/",
        f"/admin/pages/{home_page.pk}/",
        f"/admin/pages/{campaign_index.pk}/",
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{campaign_index.pk}/add_subpage/",
        "/admin/pages/search/?q=消防",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/venues/venue/",
        "/admin/reports/",
    ]
    for who, user in people.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue  # a role that may not open the page is tested elsewhere
            html = response.content.decode()
            assert 'lang="zh-hans"' in html, (who, url)
            assert english_left(html) == [], (who, url, english_left(html))


def test_validation_banner_and_slug_error_are_chinese(client, people, campaign_index):
    taken = CampaignPageFactory(parent=campaign_index, slug="taken", hero_image=None)
    page = CampaignPageFactory(parent=campaign_index, slug="mine", hero_image=None)
    client.force_login(people["reviewer"])
    data = edit_data(page)
    data["slug"] = taken.slug
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert english_left(html) == []
    assert "网址别名" in html and "页面没有保存" in html


def test_javascript_strings_are_chinese(client, people):
    client.force_login(people["editor"])
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert "\\u63d2\\u5165\\u5185\\u5bb9\\u5757" in catalog or "插入内容块" in catalog


def test_chinese_titles_get_short_pinyin_slugs(home_page):
    page = ContentPageFactory.build(title="火场逃生自救常识", slug="火场逃生自救常识")
    home_page.add_child(instance=page)
    assert page.slug == "huo-chang-tao-sheng-zi-jiu-chang-shi"
    again = ContentPageFactory.build(title="火场逃生自救常识", slug="")
    home_page.add_child(instance=again)
    assert again.slug.startswith("huo-chang-tao-sheng-zi-jiu-chang-shi-")
    long = ContentPageFactory.build(
        title="关于开展二〇二六年度全县消防安全宣传教育进企业进农村进社区进学校进家庭活动的通知"
    )
    home_page.add_child(instance=long)
    assert len(long.slug) <= 48 and re.fullmatch(r"[a-z0-9-]+", long.slug)


def test_published_page_keeps_its_address(home_page):
    page = ContentPageFactory(parent=home_page, title="关于我们", slug="about")
    page.save_revision().publish()
    page.refresh_from_db()
    page.slug = "关于"
    page.save()
    assert page.slug == "关于"  # an address already given out is never rewritten


def test_admin_created_page_gets_a_pinyin_slug(client, people, campaign_index):
    client.force_login(people["reviewer"])
    data = nested_form_data(
        {
            "title": "冬季防火",
            "slug": "冬季防火",  # what Wagtail's title-to-slug script types for a Chinese title
            "intro": "",
            "slogan": "",
            "start_date": "2026-12-01",
            "end_date": "2026-12-31",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data["outreach_settings"] = [OutreachSetting.objects.first().pk]
    url = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", campaign_index.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert CampaignPage.objects.get(title="冬季防火").slug == "dong-ji-fang-huo"


def test_editor_sees_submit_as_the_main_button(client, people, campaign_index):
    page = CampaignPageFactory(parent=campaign_index, hero_image=None)
    client.force_login(people["editor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    footer = html[html.index('class="footer__container"') :] if 'class="footer__container"' in html else html
    first_button = re.search(r'<button[^>]*name="(action-[a-z-]+)"', footer)
    assert first_button and first_button.group(1) == "action-submit"
    client.force_login(people["reviewer"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    footer = html[html.index('class="footer__container"') :] if 'class="footer__container"' in html else html
    assert re.search(r'<button[^>]*name="(action-[a-z-]+)"', footer).group(1) != "action-submit"


def test_reviewer_is_told_the_approval_published_the_page(client, people, campaign_index):
    page = CampaignPageFactory(parent=campaign_index, live=False, hero_image=None)
    page.save_revision()
    client.force_login(people["editor"])
    post_edit(client, page, **{"action-submit": "action-submit"})
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_IN_PROGRESS
    client.force_login(people["reviewer"])
    response = post_edit(
        client,
        page,
        **{
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": "{}",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("已审核通过并发布" in m for m in messages), [m[:40] for m in messages]


def footer_of(html):
    return html[html.index("footer__container") :]


def test_reviewer_of_a_page_in_review_approves_and_publishes_with_the_main_button(
    client, people, campaign_index
):
    page = CampaignPageFactory(parent=campaign_index, live=False, hero_image=None)
    page.save_revision()
    client.force_login(people["editor"])
    post_edit(client, page, **{"action-submit": "action-submit"})
    client.force_login(people["reviewer"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    footer = footer_of(html)
    main = footer[footer.index("<button") : footer.index("</button>")]
    assert 'data-workflow-action-name="approve"' in main and "批准并发布" in main
    assert "批准 和发布" not in html
    # Publishing around the review is not offered: the approval is the way to publish.
    assert 'name="action-publish"' not in footer
    # The other review actions stay under the arrow.
    assert 'data-workflow-action-name="reject"' in footer


def test_page_not_in_review_keeps_the_reviewers_usual_buttons(client, people, campaign_index):
    page = CampaignPageFactory(parent=campaign_index, live=False, hero_image=None)
    client.force_login(people["reviewer"])
    footer = footer_of(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode())
    assert 'name="action-publish"' in footer and "data-workflow-action-name" not in footer


def test_page_list_says_published_and_view_live_reads_as_viewing(client, people, campaign_index):
    page = CampaignPageFactory(parent=campaign_index, title="冬季防火宣传", hero_image=None)
    page.save_revision().publish()
    client.force_login(people["reviewer"])
    html = client.get(f"/admin/pages/{campaign_index.pk}/").content.decode()
    assert "冬季防火宣传" in html
    assert "在用" not in html and "已发布" in html
    assert "查看线上页面" in html and "实时查看" not in html
    # The links to the live page: the status tag and the button in the row's menu.
    live_links = re.findall(rf'<a [^>]*href="[^"]*{re.escape(page.url)}"[^>]*>(.*?)</a>', html, re.S)
    texts = {re.sub(r"<[^>]+>|\s+", "", text) for text in live_links}
    assert "查看线上页面" in texts and not [
        text for text in texts if text.endswith("发布") and "已" not in text
    ]


def test_browser_tabs_end_in_the_site_name(client, people):
    from django.conf import settings

    site = settings.WAGTAIL_SITE_NAME
    login_title = re.search(r"<title>(.*?)</title>", client.get("/admin/login/").content.decode(), re.S)
    client.force_login(people["editor"])
    title = re.search(r"<title>(.*?)</title>", client.get("/admin/").content.decode(), re.S).group(1)
    assert title.strip().endswith(f"- {site}") and "Wagtail" not in title
    assert login_title.group(1).strip().endswith(site)


def test_help_menu_offers_the_sites_own_guide(client, people, rf):
    from wagtail.admin.menu import help_menu

    request = rf.get("/admin/")
    request.user = people["editor"]
    items = help_menu.menu_items_for_request(request)
    names = [item.name for item in sorted(items, key=lambda item: item.order)]
    assert names[0] == "outreach-guide"
    assert not [n for n in names if n.startswith("whats-new") or n == "editor-guide"]
    guide = items[[item.name for item in items].index("outreach-guide")]
    assert str(guide.label) == "编辑使用指南" and guide.url == reverse("outreach_editor_guide")

    client.force_login(people["editor"])
    dashboard = client.get("/admin/").content.decode()
    assert "guide.wagtail.org" not in dashboard and "wagtail.org/releases" not in dashboard
    assert reverse("outreach_editor_guide") in dashboard
    html = client.get(guide.url).content.decode()
    for heading in ("撰写内容", "五进领域", "上传图片", "提交审核", "批准并发布", "定时发布"):
        assert heading in html, heading


def test_guide_is_for_admin_users_only(client, people):
    url = reverse("outreach_editor_guide")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_admin_search_finds_every_demo_page_whose_title_holds_a_two_character_word(
    client, people, home_page, settings, tmp_path
):
    """Every pair of neighbouring characters in any demo page's title, searched the way
    the admin searches, lists every page whose title holds it, drafts included."""
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Page

    from outreach.search.tokenize import CJK_RUN

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    ContentPageFactory(parent=home_page, title="冬季消防演练安排（草稿）", live=False)
    titles = dict(Page.objects.exclude(depth=1).values_list("pk", "title"))
    words = {
        run[i : i + 2]
        for title in titles.values()
        for run in re.findall(CJK_RUN, title)
        for i in range(len(run) - 1)
    }
    assert {"演练", "消防"} <= words
    for word in sorted(words):
        expected = {pk for pk, title in titles.items() if word in title}
        assert expected <= {page.pk for page in Page.objects.all().autocomplete(word)}, word

    client.force_login(people["admin"])
    for word in ("演练", "消防"):
        expected = {pk for pk, title in titles.items() if word in title}
        response = client.get("/admin/pages/search/", {"q": word})
        found = {page.pk for page in response.context["all_pages"]}
        assert expected <= found and len(expected) > 1, word
        assert f"共 {len(found)} 个页面" in response.content.decode()
