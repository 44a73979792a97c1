import pytest
from playwright.sync_api import expect

from courses.models import ComplianceRule
from outreach import roles
from tests.courses.factories import CoursewareFactory, DrillFactory, TermFactory, school_with_classes
from tests.outreach.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def default_rules(site_tree):
    """The live server's flush between tests removes what migrations installed."""
    ComplianceRule.objects.ensure_defaults()


@pytest.fixture
def teacher_school():
    term = TermFactory()
    school, classes = school_with_classes(term, n=3, name="城关一小")
    teacher = UserFactory(username="teacher", password="pw-teacher", roles=[roles.SCHOOL_STAFF])
    school.staff.add(teacher)
    CoursewareFactory(title="火场逃生我会做")
    DrillFactory(school=school, term=term)
    return school, classes


def sign_in(page, live_server, username, password, next_path):
    page.goto(f"{live_server.url}/schools/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("button[type=submit]").first.click()


def test_teacher_logs_a_lesson_on_a_phone_and_sees_progress(page, live_server, teacher_school):
    school, classes = teacher_school
    sign_in(page, live_server, "teacher", "pw-teacher", "/schools/")
    expect(page).to_have_url(f"{live_server.url}/schools/{school.pk}/")
    first = page.locator(f'li[data-class="{classes[0].pk}"]')
    expect(first).to_contain_text("0 / 4 课时")
    expect(first).to_contain_text("未开始")

    page.get_by_role("link", name="登记一节消防课").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("登记消防课")
    page.get_by_label("三年级1班").check()
    page.get_by_label("三年级2班").check()
    page.get_by_label("课时", exact=True).fill("2")
    page.get_by_label("课题").fill("火场逃生")
    page.get_by_label("授课教师").fill("李老师")
    page.get_by_label("使用课件").select_option(label="火场逃生我会做（小学中年级）")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("status")).to_contain_text("已保存")
    expect(first).to_contain_text("2 / 4 课时")
    expect(first).to_contain_text("进行中")
    expect(page.locator(f'li[data-class="{classes[1].pk}"]')).to_contain_text("2 / 4 课时")
    expect(page.locator(f'li[data-class="{classes[2].pk}"]')).to_contain_text("0 / 4 课时")
    expect(page.locator("#lessons")).to_contain_text("火场逃生")


def test_refused_lesson_keeps_input_and_says_why(page, live_server, teacher_school):
    school, classes = teacher_school
    sign_in(page, live_server, "teacher", "pw-teacher", "/schools/")
    page.get_by_role("link", name="登记一节消防课").click()
    page.get_by_label("课时", exact=True).fill("9")
    page.get_by_label("课题").fill("灭火器使用")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("没有保存")
    expect(page.get_by_text("请至少选择一个班级")).to_be_visible()
    expect(page.get_by_text("一次课的课时应在0.5到4之间")).to_be_visible()
    expect(page.get_by_label("课题")).to_have_value("灭火器使用")


def test_school_page_and_form_have_no_serious_accessibility_violations(
    page, live_server, teacher_school, axe_violations
):
    school, _ = teacher_school
    sign_in(page, live_server, "teacher", "pw-teacher", "/schools/")
    expect(page).to_have_url(f"{live_server.url}/schools/{school.pk}/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/schools/{school.pk}/lesson/new/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/schools/{school.pk}/drill/new/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/courseware/")
    assert axe_violations(page) == []


def test_bureau_table_has_no_serious_accessibility_violations(
    page, live_server, teacher_school, axe_violations
):
    UserFactory(username="bureau-user", password="pw-bureau", roles=[roles.EDUCATION_BUREAU])
    sign_in(page, live_server, "bureau-user", "pw-bureau", "/schools/")
    expect(page.get_by_role("heading", level=1)).to_have_text("学校消防课时达标情况")
    expect(page.locator("#schools")).to_contain_text("城关一小")
    assert axe_violations(page) == []
