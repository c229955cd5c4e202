"""The link checker's HTTP client (linkcheck/client.py) against a raw server on 127.0.0.1 that
answers exactly the bytes each case needs: kept-alive connections, a connection closed while
idle, chunked and compressed bodies, answers cut off or not HTTP at all, and what real servers
do (HTTP/1.0, 1xx, bodiless answers, relative redirects, TLS, IPv6, IDNA, silence)."""

from __future__ import annotations

import asyncio
import gzip
import shutil
import socket
import ssl
import subprocess
import re
import zlib
from urllib.parse import urlsplit

import pytest
from linkserver import LoopbackResolver

from briefpress.linkcheck.check import Checker, Target
from briefpress.linkcheck.address import parts as _parts
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
    big = "X-Policy: " + "a" * 30_000 + "\r\n"  # a head over the 16 KB many parsers allow
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


# --- what real servers do (review of the client) ---------------------------------------------------

HTML = "Content-Type: text/html\r\n"


def check(base, *targets, **config):
    """Check (url, fragments...) targets with the Checker, names ending .test going to 127.0.0.1."""
    checker = Checker(LinkcheckConfig(**{"retries": 0, **config}), resolver=LoopbackResolver())
    return checker.check_all([Target(base + u if u.startswith("/") else u, frozenset(f)) for u, *f in targets])


def test_http10_answers_ended_by_closing_and_connection_close_is_honoured():
    replies = {"/drop-old": b"HTTP/1.0 200 OK\r\n" + HTML.encode() + b"\r\n" + PAGE,  # no length: ends when closed
               "/closing": answer(body=PAGE, headers=HTML, close=True)}
    replies["/drop-old2"] = replies["/drop-old"]

    async def body(base):
        results = await check(base, ("/drop-old", "here"), ("/drop-old2", "gone"))
        async with Client(2, {}) as client:
            read = await client.request("GET", base + "/closing", 1000, lambda s, c: True)
            again = await client.request("HEAD", base + "/closing")
        return results, read.body, again.status
    (results, read, again), seen, connections = run(replies, body)
    verdicts = sorted((r.verdict, r.message) for r in results.values())
    assert verdicts == [("broken", "missing anchor #gone"), ("ok", "")]
    assert read == PAGE and again == 200
    assert len(connections) == 2 + 2  # each /closing request on its own connection: the server said close


def test_head_204_and_304_carry_no_body_and_the_connection_is_kept():
    replies = {"/head": b"HTTP/1.1 200 X\r\nContent-Length: 5000\r\n" + HTML.encode() + b"\r\n",
               "/204": b"HTTP/1.1 204 No Content\r\n\r\n", "/304": b"HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"}

    async def body(base):
        async with Client(2, {}) as client:  # a client waiting for a body would time out here
            wanted = lambda s, c: True  # noqa: E731
            asks = [("HEAD", "/head", wanted), ("GET", "/204", wanted), ("GET", "/304", wanted), ("HEAD", "/head", None),
                    ("GET", "/204", None), ("GET", "/304", None), ("HEAD", "/head", None)]  # None: body not wanted
            return [(await client.request(m, base + p, 1000 if w else 0, w)).status for m, p, w in asks]
    statuses, seen, connections = run(replies, body)
    assert statuses == [200, 204, 304, 200, 204, 304, 200] and len(connections) == 1


def test_relative_protocol_relative_and_303_redirects_to_another_host():
    def replies_for(port):
        return {"/dir/sub/start": answer(302, b"", "Location: ../x\r\n"),
                "/dir/x": answer(301, b"", "Location: /y\r\n"),
                "/y": answer(302, b"", "Location: ?q=1\r\n"),
                "/y?q=1": answer(303, b"", f"Location: //b.test:{port}/end\r\n"),
                "/end": answer(body=PAGE, headers=HTML)}
    replies = {}

    async def body(base):
        port = int(base.rsplit(":", 1)[1])
        replies.update(replies_for(port))
        return await check(f"http://a.test:{port}", ("/dir/sub/start", "here"))
    results, seen, _ = run(replies, body)
    (r,) = results.values()
    assert r.verdict == "ok" and r.final_url.startswith("http://b.test:") and r.final_url.endswith("/end")
    assert [s for _, s in seen] == ["/dir/sub/start", "/dir/x", "/y", "/y?q=1", "/end"]
    assert [status for _, status in r.chain] == [302, 301, 302, 303, 200]


def test_informational_answers_before_the_final_one_are_skipped():
    replies = {"/early": b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                         b"HTTP/1.1 100 Continue\r\n\r\n" + answer(body=PAGE, headers=HTML)}
    replies["/early2"] = replies["/early"]

    async def body(base):
        return await check(base, ("/early", "here"), ("/early2", "gone"))
    results, _, _ = run(replies, body)
    assert sorted(r.message for r in results.values()) == ["", "missing anchor #gone"]


def _raw_deflate(data: bytes) -> bytes:
    raw = zlib.compressobj(wbits=-15)
    return raw.compress(data) + raw.flush()


def test_deflate_bodies_zlib_and_raw_and_an_encoding_we_cannot_read():
    raw = zlib.compressobj(wbits=-15)
    replies = {"/zlib": answer(body=zlib.compress(PAGE), headers=HTML + "Content-Encoding: deflate\r\n"),
               "/raw": answer(body=raw.compress(PAGE) + raw.flush(), headers=HTML + "Content-Encoding: deflate\r\n"),
               "/br": answer(body=b"\x8b\x03\x80not really brotli", headers=HTML + "Content-Encoding: br\r\n"),
               "/raw2": answer(body=_raw_deflate(PAGE),
                        headers=HTML + "Content-Encoding: deflate\r\n"),
               "/bad": answer(body=b"\x1f\x8b not gzip at all", headers=HTML + "Content-Encoding: gzip\r\n")}

    async def body(base):
        return await check(base, ("/zlib", "here"), ("/raw", "here"), ("/raw2", "gone"), ("/br", "here"),
                           ("/bad", "here"))
    results, seen, _ = run(replies, body)
    by = {r.url.rsplit("/", 1)[1]: (r.verdict, r.message, r.unchecked_fragments) for r in results.values()}
    assert by["zlib"] == by["raw"] == ("ok", "", ())
    assert by["raw2"] == ("broken", "missing anchor #gone", ())
    assert by["br"] == ("ok", "", ("here",))  # not checked, rather than a false missing anchor
    assert by["bad"][:2] == ("broken", "the server sent a compressed answer that does not decompress after 1 attempt")


def test_a_server_that_never_answers_or_stalls_the_body_times_out():
    # headers and the start of the body, then nothing (the raw server waits for the next request)
    replies = {"/stall": b"HTTP/1.1 200 X\r\nContent-Length: 100\r\n" + HTML.encode() + b"\r\n<html>"}

    async def silent(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        await asyncio.sleep(30)

    async def body(base):
        quiet = await asyncio.start_server(silent, "127.0.0.1", 0)
        try:
            qport = quiet.sockets[0].getsockname()[1]
            stalled = await check(base, ("/stall", "here"), timeout=0.3)
            mute = await check(f"http://127.0.0.1:{qport}", ("/x",), timeout=0.3)
            return list(stalled.values()) + list(mute.values())
        finally:
            quiet.close()
    results, _, _ = run(replies, body)
    assert [(r.verdict, r.message) for r in results] == [("broken", "no answer within 0.3 s after 1 attempt")] * 2


def test_host_header_ipv6_literal_and_internationalised_names():
    replies = {"/h": lambda head: answer(body=head)}

    async def body(base):
        port = int(base.rsplit(":", 1)[1])
        async with Client(2, {}, resolver=LoopbackResolver()) as client:
            named = await client.request("GET", f"http://bücher.test:{port}/h", 1000, lambda s, c: True)
            sharp = await client.request("GET", f"http://Straße.test:{port}/h", 1000, lambda s, c: True)
        return named.body, sharp.body, _parts_host("http://bücher.test/h"), _parts_host("https://bücher.test:443/h")
    (named, sharp, *defaults), _, _ = run(replies, body)
    assert b"\r\nHost: xn--bcher-kva.test:" in named and defaults == ["xn--bcher-kva.test"] * 2
    assert b"\r\nHost: xn--strae-oqa.test:" in sharp  # as browsers do (IDNA 2008), not strasse.test


def _parts_host(url):
    return _parts(url)[4]


def _has_ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _has_ipv6(), reason="this machine has no ::1")
def test_an_ipv6_literal_url():
    seen = []

    async def handle(reader, writer):
        seen.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(answer())
        await writer.drain()
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, "::1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            async with Client(2, {}) as client:
                return (await client.request("HEAD", f"http://[::1]:{port}/v6")).status, port
        finally:
            server.close()
    status, port = asyncio.run(main())
    assert status == 200 and f"\r\nHost: [::1]:{port}\r\n".encode() in seen[0]


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs the openssl command to make a certificate")
def test_tls_with_a_test_ca_and_sni_for_names_only(tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=secure.test",
                    "-addext", "subjectAltName=DNS:secure.test,IP:127.0.0.1",
                    "-keyout", str(tmp_path / "k.pem"), "-out", str(tmp_path / "c.pem")], check=True, capture_output=True)
    names = []
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_side.load_cert_chain(tmp_path / "c.pem", tmp_path / "k.pem")
    server_side.sni_callback = lambda sock, name, ctx: names.append(name)

    async def main():
        server = await asyncio.start_server(_answer_once, "127.0.0.1", 0, ssl=server_side)
        port = server.sockets[0].getsockname()[1]
        trusted = ssl.create_default_context(cafile=str(tmp_path / "c.pem"))
        try:
            untrusted = await Checker(LinkcheckConfig(retries=0), resolver=LoopbackResolver()).check_all(
                [Target(f"https://secure.test:{port}/x")])
            ok = await Checker(LinkcheckConfig(retries=0), resolver=LoopbackResolver(), ssl=trusted).check_all(
                [Target(f"https://secure.test:{port}/x"), Target(f"https://127.0.0.1:{port}/y")])
            return list(untrusted.values()), sorted(r.verdict for r in ok.values())
        finally:
            server.close()
    (bad,), verdicts = asyncio.run(main())
    assert (bad.verdict, bad.kind) == ("broken", "tls") and "certificate problem" in bad.message
    assert verdicts == ["ok", "ok"]
    assert names.count("secure.test") >= 1 and None in names  # an IP literal sends no server name


def test_a_303_after_head_and_a_redirect_loop_that_stops_with_its_chain():
    replies = {"/see-other": answer(303, b"", "Location: /loop/a\r\n"),
               "/loop/a": answer(307, b"", "Location: b\r\n"), "/loop/b": answer(302, b"", "Location: ./a\r\n")}

    async def body(base):
        return await check(base, ("/see-other",))
    results, seen, _ = run(replies, body)
    (r,) = results.values()
    assert (r.verdict, r.kind) == ("broken", "redirects") and r.message.startswith("redirect loop: back to ")
    assert [(u.split("/", 3)[3], s) for u, s in r.chain] == [("see-other", 303), ("loop/a", 307), ("loop/b", 302)]
    assert seen == [("HEAD", "/see-other"), ("HEAD", "/loop/a"), ("HEAD", "/loop/b")]


def test_every_connection_is_closed_after_a_timeout_a_cancellation_an_error_or_the_end():
    ended = []  # one entry per connection the client hung up on

    async def handle(reader, writer):
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if b" /kept " in head:
                writer.write(answer())
            elif b" /garbage " in head:
                writer.write(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
            await writer.drain()
            while await reader.read(1000):  # the server never closes: only the client's end ends this
                pass
            ended.append(head.split(b" ")[1].decode())
        except (asyncio.IncompleteReadError, ConnectionError):
            ended.append("reset")
        writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        try:
            async with Client(0.2, {}) as client:
                for path in ("/silent", "/garbage"):
                    with pytest.raises(Exception):
                        await client.request("GET", base + path)
                task = asyncio.ensure_future(client.request("GET", base + "/cancelled"))
                await asyncio.sleep(0.05)
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                assert (await client.request("HEAD", base + "/kept")).status == 200
            for _ in range(100):  # the server notices the hang-ups as they come
                if len(ended) == 4:
                    break
                await asyncio.sleep(0.01)
        finally:
            server.close()
    asyncio.run(main())
    assert sorted(ended) == ["/cancelled", "/garbage", "/kept", "/silent"]


class _TwoAddresses:
    """A name with two addresses, the first one silent (as a black-holed IPv6 route is)."""

    async def resolve(self, host, port=0, family=socket.AF_INET):
        return [{"host": "127.0.0.2"}, {"host": "127.0.0.1"}]


def test_an_address_that_swallows_the_connection_does_not_hide_the_next_one():
    async def main():
        server = await asyncio.start_server(_answer_once, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        silent = socket.socket()
        try:
            silent.bind(("127.0.0.2", port))
        except OSError:
            pytest.skip("cannot listen on 127.0.0.2 here")
        silent.listen(0)  # never accepted: once its queue is full, a connection attempt hangs
        fillers = []
        try:
            for _ in range(3):
                s = socket.socket()
                s.setblocking(False)
                s.connect_ex(("127.0.0.2", port))
                fillers.append(s)
            async with Client(0.3, {}, resolver=_TwoAddresses()) as client:
                return (await client.request("HEAD", f"http://two.test:{port}/x")).status
        finally:
            for s in fillers + [silent]:
                s.close()
            server.close()
    assert asyncio.run(main()) == 200


async def _answer_once(reader, writer):
    """A server's handler: one 200 answer to the first request, whatever it asked."""
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(answer())
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


# Plain URLs are read with one regular expression; anything odd goes the long way (urlsplit).
ODD_URLS = ["http://a.b/", "http://a.b", "https://a.b:443/x", "http://a.b:80/x?y=1", "http://a.b:0/x",
            "http://a.b:0080/x", "http://a.b:8080", "http://a.b/p?", "http://a.b/p?q#f", "http://a.b/a b",
            "http://a.b/é", "http://a.b:99999/", "http://a.b/x\ty", "http://a.b/?", "http://a.b/%41?x=%20",
            "http://a.b:/x", 'http://a.b/a"b', "http://a.b#x", "http://a.b?q", "http://a.b/p#a?b", " http://a.b/x ",
            "http://a.b:443/", "https://a.b:80/", "http://a.b:65535/", "http://A.b/", "HTTP://a.b/", "http://u@a.b/",
            "http://a.b/x?#", "http://a.b/x?a#b#c", "http://a.b/x\n"]


def _long_way(monkeypatch, module, function, url):
    with monkeypatch.context() as m:
        m.setattr(module, "PLAIN", re.compile("(?!)"))  # never matches: urlsplit reads every URL
        try:
            return function(url)
        except ValueError as exc:
            return type(exc)


def test_plain_urls_are_read_as_urlsplit_reads_them(monkeypatch):
    from briefpress.linkcheck import address, collect

    checker = Checker(LinkcheckConfig())
    for url in ODD_URLS:
        try:
            parts = _parts(url)
        except ValueError as exc:
            parts = type(exc)
        assert parts == _long_way(monkeypatch, address, _parts, url), url
        normal = collect.normalize(url)  # never an exception: a bad port is the check's to report
        assert normal == _long_way(monkeypatch, collect, collect.normalize, url), url
        assert checker._host(Target(normal)) == urlsplit(normal).netloc, url
