from django.test import RequestFactory

from outreach.http import client_address


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
