"""A fixed-window counter per network for the public forms, kept in the cache.

Counting per network rather than per address means one machine cannot dodge the limit by
walking through its IPv6 /64, while people behind one carrier NAT share a generous budget.
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_network(request: HttpRequest) -> str:
    """The /24 (IPv4) or /48 (IPv6) network of the client, "unknown" if unparseable."""
    header = getattr(settings, "MASSLINE_PETITION_CLIENT_IP_HEADER", "") or ""
    raw = request.META.get(header, "") if header else ""
    raw = (raw.split(",")[0].strip() if raw else "") or request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def allow(request: HttpRequest, purpose: str, limit: int) -> bool:
    """Count one attempt; False once the network made more than `limit` in the window.

    A limit of 0 switches the check off.
    """
    if limit <= 0:
        return True
    key = f"campaigns:rl:{purpose}:{client_network(request)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)
        return True
    return count <= limit
