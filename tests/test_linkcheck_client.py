"""The link checker's HTTP client (linkcheck/client.py) against a raw server on 127.0.0.1 that
answers exactly the bytes each case needs: kept-alive connections, a connection closed while
idle, chunked and gzip bodies, answers cut off or not HTTP at all."""

from __future__ import annotations

import asyncio
import gzip

from briefpress.linkcheck.check import Checker, Target
from briefpress.linkcheck.client import Client
from briefpress.linkcheck.config import LinkcheckConfig

PAGE = b"<html><body><h2 id='here'>Here</h2></body></html>"


def answer(status: int = 200, body: bytes = b"ok", headers: str = "", close: bool = False) -> bytes:
    head = f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\n{headers}"
    return (head + ("Connection: close\r\n" if close else "") + "\r\n").encode() + body


def chunked(body: bytes) -> bytes:
    half = len(body) // 2
    chunks = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:half], body[half:]))
    return b"HTTP/1.1 200 X\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n" + chunks + b"0\r\n\r\n"


async def serve(replies: dict, seen: list, connections: list):
    """`replies`: request target -> bytes to send (a callable gets the request's head)."""
    async def handle(reader, writer):
        connections.append(writer)
        asked = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ")[1].decode()
                seen.append((head.split(b" ")[0].decode(), target))
                asked += 1
                if target == "/once-per-connection" and asked > 1:
                    break  # hang up without answering, as a server does whose keep-alive ran out
                reply = replies.get(target, answer(404, b""))
                reply = reply(head) if callable(reply) else reply
                if head.startswith(b"HEAD"):  # the head only: HEAD answers carry no body
                    reply = reply[:reply.index(b"\r\n\r\n") + 4]
                writer.write(reply)
                await writer.drain()
                if target.startswith("/drop"):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()
    return await asyncio.start_server(handle, "127.0.0.1", 0)


def run(replies: dict, body) -> tuple:
    seen, connections = [], []

    async def main():
        server = await serve(replies, seen, connections)
        port = server.sockets[0].getsockname()[1]
        try:
            return await body(f"http://127.0.0.1:{port}")
        finally:
            server.close()
    return asyncio.run(main()), seen, connections


def test_connections_are_kept_and_reused_when_the_answer_was_read_to_its_end():
    async def body(base):
        async with Client(5, {}) as client:
            first = await client.request("HEAD", base + "/a")
            second = await client.request("GET", base + "/b", 1000, lambda s, c: True)  # chunked, read to its end
            third = await client.request("GET", base + "/a")
            return first.status, second.body, third.status
    (statuses, seen, connections) = run({"/a": answer(), "/b": chunked(PAGE)}, body)
    assert statuses == (200, PAGE, 200)
    assert len(seen) == 3 and len(connections) == 1


def test_a_kept_connection_the_server_closed_meanwhile_is_replaced_without_a_failure():
    async def body(base):
        async with Client(5, {}) as client:
            await client.request("HEAD", base + "/drop")  # the server hangs up after answering
            await asyncio.sleep(0.05)
            first = (await client.request("HEAD", base + "/a")).status
            # and one that hangs up as the next request arrives: asked again on a new connection
            second = (await client.request("HEAD", base + "/once-per-connection")).status
            return first, second
    statuses, seen, connections = run({"/drop": answer(), "/a": answer(), "/once-per-connection": answer()}, body)
    assert statuses == (200, 200) and len(connections) == 3
    assert seen.count(("HEAD", "/once-per-connection")) == 2


def test_gzip_html_is_read_for_anchors_and_odd_paths_are_percent_encoded():
    html = gzip.compress(PAGE)
    replies = {"/page": answer(body=html, headers="Content-Type: text/html\r\nContent-Encoding: gzip\r\n"),
               "/a%20b/%C3%A9": answer()}

    async def body(base):
        checker = Checker(LinkcheckConfig())
        results = await checker.check_all([Target(base + "/page", frozenset({"here"})), Target(base + "/a b/é")])
        return [results[base + "/page"].verdict, results[base + "/a b/é"].verdict]
    verdicts, seen, _ = run(replies, body)
    assert verdicts == ["ok", "ok"]
    assert ("HEAD", "/a%20b/%C3%A9") in seen


def test_cookie_setting_redirects_utf8_locations_and_big_heads():
    def gate(head: bytes) -> bytes:  # as some publishers do: no cookie, round the redirect once more
        if b"Cookie: visited=yes" in head:
            return answer()
        return answer(302, b"", "Location: /gate\r\nSet-Cookie: visited=yes; Path=/; HttpOnly\r\n"
                                "Set-Cookie: other=1; Domain=elsewhere.example\r\n")

    async def body(base):
        results = await Checker(LinkcheckConfig()).check_all([Target(base + "/start"), Target(base + "/to-cafe")])
        return results[base + "/start"], results[base + "/to-cafe"]
    big = "X-Policy: " + "a" * 30_000 + "\r\n"  # a head over h11's default 16 KB limit
    replies = {"/start": answer(302, b"", "Location: /gate\r\n"), "/gate": gate, "/caf%C3%A9": answer(headers=big),
               "/to-cafe": b"HTTP/1.1 301 X\r\nContent-Length: 0\r\nLocation: /caf\xc3\xa9\r\n\r\n"}  # raw UTF-8
    (gate_result, cafe), seen, _ = run(replies, body)
    assert gate_result.verdict == "ok" and [s for _, s in seen if "caf" not in s] == ["/start", "/gate", "/gate"]
    assert cafe.final_url.endswith("/café") and cafe.status == 200 and ("HEAD", "/caf%C3%A9") in seen


def test_answers_cut_off_or_not_http_are_transient_in_plain_words():
    replies = {"/drop-cut": b"HTTP/1.1 200 X\r\nContent-Type: text/html\r\nContent-Length: 500\r\n\r\n<html>",
               "/garbage": b"SSH-2.0-OpenSSH_9.6\r\n\r\n"}

    async def body(base):
        checker = Checker(LinkcheckConfig(retries=0))
        results = await checker.check_all([Target(base + "/drop-cut", frozenset({"x"})), Target(base + "/garbage")])
        return results[base + "/drop-cut"], results[base + "/garbage"]
    (cut, garbage), _, _ = run(replies, body)
    assert (cut.verdict, cut.kind, cut.message) == ("broken", "transient", "the answer was cut off after 1 attempt")
    assert garbage.kind == "transient"
    assert garbage.message == "the server sent an answer that is not valid HTTP after 1 attempt"
