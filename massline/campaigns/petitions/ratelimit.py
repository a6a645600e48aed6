"""Signatures per network and hour, counted in the cache.

A network is the /24 of an IPv4 address or the /56 of an IPv6 address: one household or small
office, whose addresses an abuser rotates through cheaply. The limits are settings
(`MASSLINE_PETITION_RATE_LIMIT` with a solved proof of work, `..._NO_POW` without); 0 turns a
limit off. With several web processes the cache must be shared (REDIS_URL) for the limit to
hold across them; with the default per-process cache each process counts on its own.
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW = 3600


def client_address(request: HttpRequest) -> str:
    header = settings.MASSLINE_PETITION_CLIENT_IP_HEADER
    raw = request.META.get(header, "") if header else ""
    if not raw:
        raw = request.META.get("REMOTE_ADDR", "")
    return raw.split(",")[0].strip()


def network_of(address: str) -> str:
    """The /24 or /56 network of an address; the address itself when it does not parse."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 56
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def limit_for(*, solved: bool) -> int:
    if solved:
        return settings.MASSLINE_PETITION_RATE_LIMIT
    return settings.MASSLINE_PETITION_RATE_LIMIT_NO_POW


def over_limit(request: HttpRequest, *, solved: bool) -> bool:
    """Count one signing attempt of the client's network; True when it is over the limit.

    Attempts with and without proof of work are counted apart, each against its own limit.
    """
    limit = limit_for(solved=solved)
    if limit == 0:
        return False
    window = int(time.time()) // WINDOW
    kind = "pow" if solved else "plain"
    key = f"petitions:rate:{kind}:{network_of(client_address(request))}:{window}"
    if cache.add(key, 1, WINDOW + 60):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW + 60)
        return False
    return count > limit
