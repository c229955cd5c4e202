"""Failures of the link checker's HTTP client (client.py), one class per kind; errors.py puts each
in plain words and decides whether it is worth a retry."""

from __future__ import annotations


class ClientError(Exception):
    pass


class InvalidURL(ClientError, ValueError):
    pass


class DNSError(ClientError):
    pass


class ConnectError(ClientError):
    def __init__(self, os_error: OSError):
        super().__init__(str(os_error))
        self.os_error = os_error


class CertificateError(ClientError):
    def __init__(self, verify_message: str):
        super().__init__(verify_message)
        self.verify_message = verify_message


class HandshakeError(ClientError):
    pass


class Disconnected(ClientError):
    """The server closed the connection before answering."""


class Reset(ClientError):
    """The connection was reset while the answer was coming."""


class CutOff(ClientError):
    """The body ended before its announced length."""


class BadHTTP(ClientError):
    """What the server sent is not HTTP."""


class Undecodable(BadHTTP):
    """The body does not decompress as its Content-Encoding says."""
