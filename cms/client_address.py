"""The address a request comes from, as rate limits, login lockouts and logs count it.

Behind reverse proxies the connection comes from the last proxy (REMOTE_ADDR) and each proxy appends
the address it was connected from to X-Forwarded-For. Only what our own proxies appended can be
believed: a client may send any X-Forwarded-For it likes, and its entries stand to the left of ours.
So the header is read from the right, and only as far as the configuration says our proxies reach:

- TRUSTED_PROXY_NETWORKS (CIDRs): walk the hops from the right, REMOTE_ADDR first, skipping every
  address inside those networks; the first one outside is the client. A request that does not come
  from a trusted network is counted by REMOTE_ADDR alone, whatever its header says.
- otherwise TRUSTED_PROXY_COUNT = N proxies in front of the site: the Nth entry from the right of
  X-Forwarded-For (REMOTE_ADDR being the Nth proxy itself). The older COMPLAINT_TRUST_X_FORWARDED_FOR
  means N = 1. A header with fewer than N entries did not pass through all our proxies: REMOTE_ADDR.
- neither: REMOTE_ADDR.

An IPv6 address counts as its /64 network: one connection is routinely given a whole /64, so
counting single addresses would give one sender 2^64 fresh limits. An IPv4 address (also when
written IPv4-mapped) counts as itself.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPV6_PREFIX = 64


def _parse(entry):
    """An address from one X-Forwarded-For entry or REMOTE_ADDR, ports and IPv6 zones removed; None if not one."""
    entry = entry.strip().strip('"')
    if entry.startswith("["):  # "[2001:db8::1]:443"
        entry = entry[1:].split("]", 1)[0]
    elif entry.count(":") == 1:  # "203.0.113.9:5678"
        entry = entry.split(":", 1)[0]
    try:
        parsed = ipaddress.ip_address(entry.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return None
    if parsed.version == 6 and parsed.ipv4_mapped:
        return parsed.ipv4_mapped
    return parsed


@lru_cache(maxsize=8)
def _networks(value):
    items = value.split(",") if isinstance(value, str) else list(value or ())
    try:
        return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXY_NETWORKS: {error}")


def trusted_proxy_count():
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if not count and getattr(settings, "COMPLAINT_TRUST_X_FORWARDED_FOR", False):
        count = 1
    return count


def _client(request):
    """The client's address as an ip_address object, or REMOTE_ADDR's text when that is not an address."""
    remote_text = request.META.get("REMOTE_ADDR", "")
    remote = _parse(remote_text)
    if remote is None:
        return remote_text[:64]
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [entry for entry in header.split(",") if entry.strip()]
    configured = getattr(settings, "TRUSTED_PROXY_NETWORKS", "") or ""
    networks = _networks(configured if isinstance(configured, str) else tuple(configured))
    if networks:
        client = remote
        for entry in reversed(forwarded):
            if not any(client in network for network in networks):
                break
            hop = _parse(entry)
            if hop is None:  # our proxy wrote something that is not an address: count the proxy
                break
            client = hop
        return client
    count = trusted_proxy_count()
    if count <= 0 or len(forwarded) < count:
        return remote
    return _parse(forwarded[-count]) or remote


def client_address(request):
    """The sender's address as text, IPv6 reduced to the first address of its /64 ("2001:db8:1:2::")."""
    address = _client(request)
    if isinstance(address, str):
        return address
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return str(address)
