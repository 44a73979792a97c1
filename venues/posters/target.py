"""Is the address a poster's QR code points at one a resident's phone can open?

A poster printed with a loopback or private address (a laptop's demo, an intranet
name) is useless on a wall, and it cannot be fixed without a reprint; one with plain
http is opened by WeChat with a warning. The poster screens say so in red.
"""

import ipaddress
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

LOCAL_SUFFIXES = (".localhost", ".local", ".lan", ".internal", ".home.arpa", ".localdomain")


def _is_local_host(host):
    host = (host or "").strip("[]").rstrip(".").lower()
    if not host or host == "localhost" or host.endswith(LOCAL_SUFFIXES):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # A bare name without a dot (e.g. "intranet") resolves only inside one network.
        return "." not in host
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
    )


def qr_target_problems(url):
    """Why a QR target address would fail on a printed poster; empty when it is fine."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return [_("二维码地址 %(url)s 不是有效的网址。") % {"url": url}]
    problems = []
    if _is_local_host(host):
        problems.append(
            _("二维码指向本机或内网地址（%(host)s），群众的手机扫码打不开。") % {"host": host or url}
        )
    if parts.scheme != "https":
        problems.append(_("二维码地址不是 https，微信等浏览器会提示不安全或拦截。"))
    return problems
