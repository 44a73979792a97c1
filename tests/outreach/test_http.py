import datetime

import pytest
from django.test import RequestFactory

from outreach.http import client_address, parse_day

TODAY = datetime.date(2026, 5, 1)


def request(remote="10.0.0.1", forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request(forwarded="1.2.3.4")) == "10.0.0.1"


def test_one_trusted_proxy_gives_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client claimed 6.6.6.6; our balancer appended the real 1.2.3.4.
    assert client_address(request(forwarded="6.6.6.6, 1.2.3.4")) == "1.2.3.4"


def test_two_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request(forwarded="6.6.6.6, 1.2.3.4, 10.0.0.9")) == "1.2.3.4"


def test_short_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request(forwarded="1.2.3.4")) == "10.0.0.1"
    assert client_address(request()) == "10.0.0.1"


def test_parse_id_accepts_only_database_ids():
    from outreach.http import MAX_ID, parse_id

    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in (None, "", "0", "-1", "1.5", "abc", "٣", "99999999999999999999", " 4"):
        assert parse_id(bad) is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-05-01", datetime.date(2026, 5, 1)),
        ("2026-05-01T08:00", datetime.date(2026, 5, 1)),
        ("2000-01-01", datetime.date(2000, 1, 1)),
        ("2100-12-31", datetime.date(2100, 12, 31)),
    ],
)
def test_parse_day_reads_a_real_day_in_range(value, expected):
    assert parse_day(value, TODAY) == (expected, None)


def test_parse_day_without_a_value_is_the_default_with_nothing_to_say():
    assert parse_day(None, TODAY) == (TODAY, None)
    assert parse_day("  ", TODAY) == (TODAY, None)


@pytest.mark.parametrize(
    "value, says",
    [
        ("0001-01-01", "超出范围"),
        ("9999-12-31", "超出范围"),
        ("1999-12-31", "超出范围"),
        ("2101-01-01", "超出范围"),
        ("2026-02-30", "不是有效日期"),
        ("abc", "不是有效日期"),
        ("a\x00b", "不是有效日期"),
        ("２０２６-０５-０１", "不是有效日期"),
        ("9" * 10000, "不是有效日期"),
    ],
)
def test_parse_day_falls_back_to_the_default_with_a_chinese_message(value, says):
    day, message = parse_day(value, TODAY)
    assert day == TODAY
    assert says in message and "已改用今天" in message
    assert len(message) < 80  # a 10,000-character value is not echoed back whole
