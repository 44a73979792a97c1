"""Days as each language writes them, weekday included."""

import datetime

from django.template import Context, Template
from django.utils import translation

DAY = datetime.date(2026, 12, 9)


def render(template, **context):
    return Template("{% load themes_tags %}" + template).render(Context(context))


def test_a_day_in_chinese_and_in_english():
    with translation.override("zh-hans"):
        assert render("{{ d|day }}", d=DAY) == "2026年12月9日 星期三"
        assert render('{{ d|day:"short" }}', d=DAY) == "12月9日 星期三"
    with translation.override("en"):
        assert render("{{ d|day }}", d=DAY) == "Wednesday 9 December 2026"
        assert render('{{ d|day:"short" }}', d=DAY) == "Wednesday 9 December"


def test_a_moment_is_shown_at_local_time_with_its_hour():
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2026, 12, 9, 9, 30), timezone.get_current_timezone())
    with translation.override("en"):
        assert render('{{ m|day:"time" }}', m=moment) == "Wednesday 9 December 2026 09:30"
    assert render("{{ m|day }}", m=None) == ""
