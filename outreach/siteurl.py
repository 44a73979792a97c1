"""Is an address one the public can reach? Used by production settings and poster screens.

A QR code or an e-mail link that points at `http://127.0.0.1:8000` works on the
machine that printed it and nowhere else. This module imports nothing from Django, so
settings can use it.
"""

import ipaddress
from urllib.parse import urlsplit

# Names that only mean something on the machine or the local network.
LOCAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".lan", ".internal", ".intranet", ".home.arpa")


def is_local_host(host):
    host = (host or "").strip().strip("[]").rstrip(".").lower()
    if not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host == "localhost" or "." not in host or host.endswith(LOCAL_SUFFIXES)
    return not address.is_global


def public_url_problem(url):
    """Why `url` can't be the site's public address, in Chinese and English; None if it can."""
    try:
        parts = urlsplit(url or "")
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if not parts or parts.scheme not in {"http", "https"} or not host:
        return f"SITE_URL ({url!r}) 不是一个网址 / is not a web address, e.g. https://119.xiuwu.gov.cn"
    if parts.scheme != "https":
        return f"SITE_URL ({url}) 必须使用 https / must use https"
    if is_local_host(host):
        return f"SITE_URL ({url}) 是本机或内网地址，二维码和邮件链接在外面打不开 / is a local address"
    return None


def origin(url):
    """`https://host[:port]` of a URL, the form CSRF_TRUSTED_ORIGINS takes; '' if none."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def absolute(path):
    """The public address of a path on this site (SITE_URL + path), as printed on posters
    and plates and sent in messages."""
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path
