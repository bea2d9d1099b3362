"""The client's address: REMOTE_ADDR, or X-Forwarded-For when REMOTE_ADDR is a trusted proxy.

Behind a reverse proxy every request comes from the proxy's address, so a lockout keyed on
REMOTE_ADDR locks everyone at once (and anyone can lock a known user out); trusting
X-Forwarded-For from anywhere lets a client choose its own address. The trusted proxies are
named in `DJANGO_TRUSTED_PROXIES` (addresses or CIDRs); only when REMOTE_ADDR is one of them is
X-Forwarded-For read, from the right, and the first entry that is not a trusted proxy is the
client. Axes, the rate limits and the security events all read the address from here.
"""

import functools
import ipaddress

from django.conf import settings


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def trusted_networks() -> tuple:
    return _networks(tuple(settings.PCTS_TRUSTED_PROXIES))


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """Return the address of the client that sent `request`, as the trusted proxies tell it."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [_address(part) for part in forwarded.split(",") if part.strip()]
    for hop in reversed(hops):
        if hop is None:
            # A garbled entry: nothing to its left can be trusted either.
            break
        if not _is_trusted(hop, networks):
            return str(hop)
    return str(remote)


def from_trusted_proxy(request) -> bool:
    """Tell whether `request` came straight from a trusted proxy (so its forwarded headers hold)."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    networks = trusted_networks()
    return remote is not None and bool(networks) and _is_trusted(remote, networks)
