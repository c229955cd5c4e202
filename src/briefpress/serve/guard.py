"""What the preview server answers, and to whom: a request -> answered only when it is addressed to
this machine by name; a theme -> the font files it lists, all that /fonts/ serves.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from aiohttp import web


def theme_fonts(theme) -> dict[str, Path]:
    """The font files theme.yaml lists, by their name there (theme_config has checked they lie in the theme)."""
    files = [entry[3] for entry in theme.settings.get("fonts", {}).get("files", [])]
    # by the name as written (the page asks for fonts/<file>: a file in a subfolder keeps its folder)
    return {posixpath.normpath(f): theme.fonts_dir / f for f in files}


LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@web.middleware
async def local_host_only(request, handler):
    """Answer only requests addressed to this machine by name: a web page the editor visits could
    otherwise point its own host name at 127.0.0.1 (DNS rebinding) and read the unpublished draft."""
    host = (request.headers.get("Host") or "").lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name not in LOCAL_HOSTS:
        return web.Response(status=421, text="this preview answers only http://127.0.0.1 (or localhost)")
    return await handler(request)
