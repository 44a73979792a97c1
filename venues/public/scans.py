"""Scan counting: one number per venue per day, and nothing about who scanned.

Each scan is one atomic increment through outreach.counters (in Redis, flushed into
VenueScanDay every minute; or straight into the table without Redis), so no count is
lost to a busy page, an idle server or a killed web process.
"""

import re

from outreach import counters

COUNTER = "venues.scan"

# Crawlers, link previews (WeChat, QQ, chat apps), monitors and command-line tools.
NOT_A_PERSON = re.compile(
    r"bot|spider|crawl|slurp|preview|fetch|curl|wget|python|httpclient|http-client|okhttp|java/|"
    r"go-http|libwww|headless|lighthouse|facebookexternalhit|whatsapp|telegram|slack|discord|"
    r"qq-url-manager|tencenttraveler|wechatshare|wxwork-preview|mqqbrowser-preview|yisouspider|"
    r"sogou|360spider|monitor|uptime|check_http|zgrab|scanner",
    re.IGNORECASE,
)


def is_person(request):
    """Only a real GET from a browser counts: not HEAD, not bots, not prefetches."""
    if request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "")
    if not agent or NOT_A_PERSON.search(agent):
        return False
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    return "prefetch" not in purpose and "preview" not in purpose


def record_scan(venue_id):
    counters.hit(COUNTER, venue_id)


def write_scan_days(counts):
    """The counter's writer: add {(venue_id, day): n} to VenueScanDay."""
    from venues.models import Venue, VenueScanDay

    counters.add_counts(VenueScanDay, "venue", counts, exists=Venue.objects.all())


def flush():
    return counters.flush(COUNTER)
