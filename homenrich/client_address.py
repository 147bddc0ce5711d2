"""Who is asking: the client's address, taken from a proxy's header only when the deployment says so.

`TRUSTED_PROXY=fly` means the app sits behind Fly's proxy, which sets Fly-Client-IP on every request
it forwards (overwriting one a client sent). Anywhere else the header is just text a client typed, so
the address is the socket's peer (REMOTE_ADDR). The login limit, the form throttles and /metrics all
ask here.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

# The header each supported proxy sets, as it appears in request.META.
PROXY_HEADERS = {"fly": "HTTP_FLY_CLIENT_IP"}
# Headers that say a request was forwarded by some proxy. Present at all (even empty), they mean the
# socket's peer is not the client.
FORWARDING_HEADERS = (
    "HTTP_FLY_CLIENT_IP",
    "HTTP_FLY_FORWARDED_PORT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_VIA",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_X_CLIENT_IP",
    "HTTP_X_CLUSTER_CLIENT_IP",
)


def trusted_proxy_header(value: str) -> str | None:
    """The META key of the configured proxy's client header; a name we do not know stops the start."""
    if not value:
        return None
    if value not in PROXY_HEADERS:
        raise ImproperlyConfigured(f"TRUSTED_PROXY must be empty or one of {sorted(PROXY_HEADERS)}, not {value!r}")
    return PROXY_HEADERS[value]


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip().split("%", 1)[0]))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str:
    """The client's IP address as text ('' when unknown)."""
    if request is None:
        return ""
    header = trusted_proxy_header(getattr(settings, "TRUSTED_PROXY", ""))
    if header:
        forwarded = _ip(request.META.get(header, ""))
        if forwarded:
            return forwarded
    return _ip(request.META.get("REMOTE_ADDR", "")) or ""


def was_forwarded(request: HttpRequest) -> bool:
    """True when any proxy header is present: the peer passed the request on from someone else."""
    return any(header in request.META for header in FORWARDING_HEADERS)
