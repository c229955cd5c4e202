"""The live preview for real: a server on 127.0.0.1, a file saved, the reload event and the new text."""
import asyncio
import time

import aiohttp
import pytest
from conftest import require

from briefpress.serve import start_in_thread
from briefpress.serve.preview import Preview


@pytest.fixture
def preview(project_copy):
    p = Preview(project_copy, pdf=False)
    base, stop = start_in_thread(p)
    time.sleep(0.5)  # let the watcher start
    yield p, base, project_copy
    stop()


async def next_reload(base, action, timeout=10):
    """Open the event stream, do the action (a save), and return once a reload event arrives."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/events") as events:
            await events.content.readline()  # ": connected"
            action()
            start = time.monotonic()
            while time.monotonic() - start < timeout:
                line = await asyncio.wait_for(events.content.readline(), timeout)
                if line.startswith(b"event: reload"):
                    return
    raise AssertionError("no reload event")


async def fetch(base, path="/"):
    async with aiohttp.ClientSession() as session:
        async with session.get(base + path) as resp:
            return resp.status, (await resp.read()).decode("utf-8", "replace")


def test_save_reloads_with_new_text_and_errors_keep_the_server_alive(preview):
    p, base, root = preview
    status, page = asyncio.run(fetch(base))
    assert status == 200 and "Serbia’s security doctrine toward Kosovo" in page and "new EventSource" in page
    chapter = root / "manuscript" / "10-concluding-reflection.md"
    text = chapter.read_text()

    asyncio.run(next_reload(base, lambda: chapter.write_text(text.replace("guarded tension", "GUARDED TENSION"))))
    assert "GUARDED TENSION" in asyncio.run(fetch(base))[1]

    broken = text.replace("guarded tension", "tension [@nosuchkey2024]")
    asyncio.run(next_reload(base, lambda: chapter.write_text(broken)))
    status, page = asyncio.run(fetch(base))
    assert status == 200 and "unknown citation key &#x27;nosuchkey2024&#x27;" in page
    assert "manuscript/10-concluding-reflection.md:" in page
    assert "GUARDED TENSION" in asyncio.run(fetch(base, "/last-good"))[1]

    asyncio.run(next_reload(base, lambda: chapter.write_text(text)))
    assert "guarded tension" in asyncio.run(fetch(base))[1]
    assert asyncio.run(fetch(base, "/fonts/NotoSerif-Regular.ttf"))[0] == 200
    assert asyncio.run(fetch(base, "/fonts/..%2Fpyproject.toml"))[0] == 404


def test_the_pdf_after_a_save_is_a_full_builds_with_only_the_edited_section_laid_out(project_copy, tmp_path):
    """The preview's PDF comes from the HTML build's parse and the parts of the last PDF: after a save
    only the edited section is laid out (on the workers started with the server), and the bytes are
    those of a build from nothing."""
    from briefpress.pipeline import build

    p = Preview(project_copy, pdf=True)
    base, stop = start_in_thread(p)
    try:
        def wait_pdf(version):
            end = time.monotonic() + 300
            while (p.state.pdf_version <= version or p.state.pdf_state != "ready") and time.monotonic() < end:
                time.sleep(0.05)  # shown once merged, "ready" once verified
            assert p.state.pdf_version > version and p.state.pdf_state == "ready", p.state.pdf_state

        wait_pdf(0)
        workers = p.workers
        chapter = project_copy / "manuscript" / "06-china.md"
        version = p.state.pdf_version
        chapter.write_text(chapter.read_text().replace("\n\n", "\n\nAn added sentence.\n\n", 1))
        wait_pdf(version)
        status, _ = asyncio.run(fetch(base, "/paper.pdf"))
        assert status == 200 and p.workers is workers  # the same workers, kept across rebuilds
        laid_out = {k.split(" ", 1)[1] for k in p.state.pdf_timings if k.startswith("layout ")}
        assert laid_out == {"06-china"}
        full = build(project_copy, ("pdf",), tmp_path / "full")
        assert p.state.pdf == full.outputs["pdf"].read_bytes()
    finally:
        stop()


def test_headless_chromium_sees_the_page_update(preview, tmp_path):
    """End to end: a real browser keeps the page open; a save makes it reload with the new text."""
    import json
    import re
    import shutil
    import subprocess
    import os
    chromium = shutil.which("chromium")
    require(chromium, "Debian's chromium")
    p, base, root = preview
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--remote-debugging-port=0", base + "/"],
        stderr=subprocess.PIPE, text=True)
    try:
        ws_url = None
        deadline = time.monotonic() + 30
        while not ws_url and time.monotonic() < deadline:
            line = browser.stderr.readline()
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            ws_url = m and m.group(1)
        assert ws_url, "chromium did not start"
        port = re.search(r":(\d+)/", ws_url).group(1)

        async def page_text():
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/json") as resp:
                    target = next(t for t in await resp.json(content_type=None) if t["type"] == "page")
                async with session.ws_connect(target["webSocketDebuggerUrl"]) as ws:
                    await ws.send_str(json.dumps({"id": 1, "method": "Runtime.evaluate",
                                                  "params": {"expression": "document.body.innerText"}}))
                    while True:
                        msg = json.loads((await ws.receive()).data)
                        if msg.get("id") == 1:  # an error reply: the page was reloading; wait_for asks again
                            return msg.get("result", {}).get("result", {}).get("value", "")

        def wait_for(text):
            end = time.monotonic() + 20
            while time.monotonic() < end:
                if text in asyncio.run(page_text()):
                    return True
                time.sleep(0.2)
            return False

        assert wait_for("guarded tension")
        chapter = root / "manuscript" / "10-concluding-reflection.md"
        chapter.write_text(chapter.read_text().replace("guarded tension", "BROWSER SAW THIS"))
        assert wait_for("BROWSER SAW THIS")
    finally:
        browser.terminate()
        browser.wait(10)
