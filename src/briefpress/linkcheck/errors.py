"""Errors: an exception raised by a request (client.py: failures.py, or a timeout) -> a failure class and a sentence in plain words.

Editors read these lines, so no raw library strings: "connection refused: nothing listens
at example.org:8080", not "Cannot connect to host ... [Connect call failed ...]".
"""

from __future__ import annotations

import errno
from urllib.parse import urlsplit

from . import failures as client  # the client's failure classes

# Failure classes (Result.kind): they decide the advice and whether a retry may help.
GONE = "gone"  # 404, 410, unregistered DOI, other 4xx: replace the link
DNS = "dns"  # no such host name: gone as well, unless no name resolved at all (offline)
OFFLINE = "offline"  # every host failed DNS: nothing was really checked
TRANSIENT = "transient"  # 5xx, 429, timeouts, dropped connections: try again later
TLS = "tls"  # certificate or handshake problem
CONNECTION = "connection"  # refused or unreachable
LOOP = "redirects"  # a redirect loop or too many redirects
ANCHOR = "anchor"  # the page is there, the fragment is not
BLOCKED = "blocked"  # 401, 403, 999: the site refuses automated checks
MOVED = "moved"  # a permanent redirect


class Transient(Exception):
    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


class Final(Exception):
    def __init__(self, verdict: str, message: str, status: int | None = None, kind: str = GONE):
        super().__init__(message)
        self.verdict, self.status, self.kind = verdict, status, kind


def failure(exc: BaseException, url: str, timeout: float, broken: str) -> Exception:
    """The Transient or Final exception that says what went wrong with a request to `url`."""
    parts = urlsplit(url)
    host = parts.hostname or url
    where = f"{host}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    if isinstance(exc, client.DNSError):
        return Final(broken, f"DNS failure: there is no host named {host}", kind=DNS)
    if isinstance(exc, client.CertificateError):
        return Final(broken, f"TLS certificate problem at {host}: {_cert_words(exc.verify_message)}", kind=TLS)
    if isinstance(exc, client.HandshakeError):
        return Final(broken, f"TLS handshake with {where} failed: {_handshake_words(exc)}", kind=TLS)
    if isinstance(exc, client.ConnectError):
        code = getattr(exc.os_error, "errno", None)
        if code == errno.ECONNREFUSED:
            return Final(broken, f"connection refused: nothing listens at {where}", kind=CONNECTION)
        if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return Final(broken, f"{host} cannot be reached from this network", kind=CONNECTION)
        reason = getattr(exc.os_error, "strerror", None) or "no connection"
        return Final(broken, f"could not connect to {where} ({reason.lower()})", kind=CONNECTION)
    if isinstance(exc, TimeoutError):
        return Transient(f"no answer within {timeout:g} s")
    if isinstance(exc, client.Disconnected):
        return Transient("the server closed the connection without answering")
    if isinstance(exc, client.CutOff):
        return Transient("the answer was cut off")
    if isinstance(exc, (client.Reset, ConnectionError)):
        return Transient("the connection was reset")
    if isinstance(exc, client.InvalidURL):
        return Final(broken, "the URL is malformed", kind=GONE)
    if isinstance(exc, client.Undecodable):
        return Transient("the server sent a compressed answer that does not decompress")
    if isinstance(exc, client.BadHTTP):
        return Transient("the server sent an answer that is not valid HTTP")
    return Transient(f"the request failed ({type(exc).__name__})")


def _cert_words(message: str) -> str:
    message = (message or "").lower()
    if "expired" in message:
        return "the certificate has expired"
    if "self-signed" in message or "self signed" in message:
        return "the certificate is self-signed"
    if "hostname mismatch" in message or "ip address mismatch" in message:
        return "the certificate is for another name"
    if "local issuer" in message or "unable to get" in message:
        return "the certificate is not signed by a known authority"
    return message or "the certificate is not valid"


def _handshake_words(exc: BaseException) -> str:
    text = str(exc).lower()
    if "wrong_version_number" in text or "wrong version number" in text or "record layer" in text:
        return "the server does not speak HTTPS on this port"
    if "unsupported protocol" in text or "no protocols available" in text:
        return "the server only offers an outdated TLS version"
    if "handshake failure" in text or "sslv3_alert" in text:
        return "the server and this checker share no encryption method"
    return "the secure connection could not be set up"
