"""Which Host headers the app answers: on a loopback bind only the loopback names, against DNS rebinding.

Why: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches the local app with
`Host: evil.example` and its own origin, so the same-origin check on uploads passes. A browser always sends
the name it resolved, so refusing any Host but 127.0.0.1, localhost and [::1] (with the bound port) stops it.
Off loopback the server needs a token (`rashomon serve` makes one), which protects it; the Host check there
only admits the bound name (any name on a wildcard bind such as 0.0.0.0).
"""
from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("", "0.0.0.0", "::")


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split(value: str) -> tuple[str, str | None]:
    """'name:port' / '[v6]:port' / 'name' -> (name, port or None); the name lower-case, IPv6 without brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        return name, rest[1:] if rest.startswith(":") else (None if not rest else "?")
    if value.count(":") == 1:
        name, port = value.split(":")
        return name, port
    return value, None


class HostCheck:
    """`refuse(host_header, peer)` -> None when the request may go on, else the one-line reason to refuse it."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.bind, self.port = host.strip("[]").lower(), port
        self.loopback = is_loopback(self.bind)
        if self.loopback:
            self.names = set(LOOPBACK_NAMES) | {self.bind}
        elif self.bind in WILDCARD_BINDS:
            self.names = None            # any name: the token protects
        else:
            self.names = set(LOOPBACK_NAMES) | {self.bind}

    def refuse(self, host_header: str | None, peer: str | None) -> str | None:
        if self.names is None:
            return None
        name, port = _split(host_header or "")
        if name in self.names and (port is None or (port.isdigit() and (self.port is None or int(port) == self.port))):
            return None
        port_part = f":{self.port}" if self.port else ""
        shown = ", ".join(f"{'[::1]' if n == '::1' else n}{port_part}" for n in sorted(self.names))
        return (f"unexpected Host header {host_header!r}: this server answers only to {shown} "
                "(a guard against DNS rebinding)")
