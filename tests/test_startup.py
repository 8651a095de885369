"""The start-up fast path's own HTTP GET (linode_tui.startup.http_get): the answers a real server
gives (a Content-Length body, a chunked one, one that ends with the connection, a connection kept
open), and the refusals that send the start-up the ordinary way."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from linode_tui.startup import http_get, parse_response


def serve_once(answer: bytes, *, close: bool = True) -> tuple[int, list[bytes], threading.Thread]:
    """A one-shot server on loopback: reads one request, sends ``answer`` (and closes unless told
    not to, like a server that ignores ``Connection: close``)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    seen: list[bytes] = []

    def run() -> None:
        conn, _ = listener.accept()
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(4096)
        seen.append(data)
        for i in range(0, len(answer), 7):  # in small pieces, as a network delivers them
            conn.sendall(answer[i : i + 7])
        if close:
            conn.close()
        else:
            threading.Event().wait(5)
            conn.close()
        listener.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener.getsockname()[1], seen, thread


HEADERS = {"Authorization": "Bearer t0k", "Accept": "application/json", "X-Filter": '{"a":1}'}


@pytest.mark.parametrize(
    ("answer", "close"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"data\":[]}", True),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"data\":[]}", False),  # kept open
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5;x=y\r\n{\"dat\r\n6\r\na\":[]}\r\n0\r\n\r\n",
            False,
        ),
        (b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"data\":[]}", True),  # ends with EOF
    ],
)
def test_get_reads_whole_answer(answer: bytes, close: bool) -> None:
    port, seen, _ = serve_once(answer, close=close)
    status, body = http_get("127.0.0.1", port, "/v4/linode/instances?page=1", HEADERS, None)
    assert (status, body) == (200, b'{"data":[]}')
    request = seen[0].decode()
    assert request.startswith("GET /v4/linode/instances?page=1 HTTP/1.1\r\n")
    expected = [f"Host: 127.0.0.1:{port}", "Authorization: Bearer t0k", 'X-Filter: {"a":1}']
    expected.append("Connection: close")
    for line in expected:
        assert line + "\r\n" in request


def test_error_status_and_body_come_back() -> None:
    body = b'{"errors":[{"reason":"Invalid Token"}]}'
    port, _, _ = serve_once(b"HTTP/1.1 401 UNAUTHORIZED\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    assert http_get("127.0.0.1", port, "/v4/profile", HEADERS, None) == (401, body)


@pytest.mark.parametrize(
    "raw",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{}",  # cut short
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc",  # cut short
        b"SSH-2.0-OpenSSH\r\n\r\n",  # not HTTP
        b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n{}",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2",  # no end of headers
    ],
)
def test_malformed_answers_raise(raw: bytes) -> None:
    with pytest.raises(ValueError):
        parse_response(raw)


def test_header_injection_is_refused() -> None:
    with pytest.raises(ValueError):
        http_get("127.0.0.1", 9, "/v4/profile", {"Authorization": "Bearer x\r\nX-Evil: 1"}, None)


@pytest.fixture
def closed_port() -> Iterator[int]:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    yield port


def test_connection_refused_raises_oserror(closed_port: int) -> None:
    with pytest.raises(OSError):
        http_get("127.0.0.1", closed_port, "/v4/profile", HEADERS, None)
