"""The address a request comes from, as rate limits and login lockouts count it.

An IPv6 address counts as its /64 network: one connection is routinely given a whole /64, so
counting single addresses would give one sender 2^64 fresh limits. An IPv4 address (also when
written IPv4-mapped) counts as itself.
"""

import ipaddress

from django.conf import settings

IPV6_PREFIX = 64


def client_address(request):
    """The sender's address, IPv6 reduced to the first address of its /64 ("2001:db8:1:2::")."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.COMPLAINT_TRUST_X_FORWARDED_FOR and request.META.get("HTTP_X_FORWARDED_FOR"):
        # The rightmost entry is the one our own proxy added; the ones before it the client can forge.
        address = request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip()
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    except ValueError:
        return address[:64]
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return str(parsed)
