"""`python -m ui.launch [streamlit run options]`: `streamlit run app.py` with three fixes to what Streamlit serves.

1. A deep link to an analyst page (`/Chronology`) makes Streamlit's frontend try the page's own path as
   the server's base first: `/Chronology/_stcore/health` and `/Chronology/_stcore/host-config` answer
   404, logged as console errors on every such load (streamlit/streamlit#7074, open). Telling the frontend
   where the server is (`window.__streamlit.BACKEND_BASE_URL`, read by Streamlit's bundle since 1.46)
   leaves one candidate, the right one.
2. A read-only checkout cannot take the map's files in `static/`: they are written to a cache folder
   (`ui.staticdir`) and that folder is served at `/app/static/` instead.
3. When the server stops, Streamlit says "Are you connected to the internet?", which misleads on a local
   or intranet server: the script replaces that sentence with what actually happened.

1 and 3 are one small script, written at start into the served static folder (`atlas-boot.js`) and named
by a `<script src>` put into the index page as it is served: a file of the app's own origin, so a
Content-Security-Policy of `script-src 'self'` allows it without a hash, whatever the base path. If
Streamlit's internals move, the launcher says so on stderr and serves the page unchanged (the app works
either way). Public mode (`ui.public`) starts through this launcher too.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from html import escape as html_escape
from pathlib import Path
from typing import Any

from ui.firstpaint import HIDE_UNTIL_PAINTED

SERVER_GONE = (
    "The atlas server is not answering: it was stopped or restarted (your own connection is probably fine). "
    "This page reconnects by itself once the server is back."
)
_STREAMLIT_GONE = "Streamlit server is not responding. Are you connected to the internet?"


BOOT_FILE = "atlas-boot.js"


def _base(base_url_path: str) -> str:
    return "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""


def boot_script(base_url_path: str = "") -> str:
    """The script for the index page: the server's base URL, our own words when it stops, and on the map
    page the rule that keeps it hidden until the map paints (`ui.firstpaint`)."""
    base = _base(base_url_path)

    def js(value: str) -> str:
        return json.dumps(value).replace("<", "\\u003c")

    return (
        "(function(){"
        "var s=window.__streamlit||{};"
        f"if(!s.BACKEND_BASE_URL){{s.BACKEND_BASE_URL=location.origin+{js(base + '/')};}}"
        "window.__streamlit=s;"
        f"var gone={js(_STREAMLIT_GONE)},ours={js(SERVER_GONE)};"
        "function fix(root){var w=document.createTreeWalker(root,NodeFilter.SHOW_TEXT),n;"
        "while((n=w.nextNode())){if(n.nodeValue.indexOf(gone)>=0){n.nodeValue=n.nodeValue.replace(gone,ours);}}}"
        # The map page (the base path itself) stays hidden until its map paints: set before any element,
        # and dropped if the reader moves to another page first.
        "var first=location.pathname,hide=null;"
        f"if(first.replace(/\\/+$/,'')==={js(base)}){{"
        "hide=document.createElement('style');hide.id='atlas-first-paint';"
        f"hide.textContent={js(HIDE_UNTIL_PAINTED)};document.head.appendChild(hide);}}"
        "new MutationObserver(function(){if(document.body){fix(document.body);}"
        "if(hide&&location.pathname!==first){hide.remove();hide=null;}})"
        ".observe(document.documentElement,{childList:true,subtree:true,characterData:true});"
        "})();\n"
    )


def write_boot_script(folder: Path, base_url_path: str = "") -> str:
    """Write `boot_script` into the served static folder (atomically); returns its address on the server,
    versioned by content so a changed script is never taken from a browser's cache."""
    body = boot_script(base_url_path)
    target = folder / BOOT_FILE
    if not target.exists() or target.read_text(encoding="utf-8") != body:
        partial = target.with_name(f"{BOOT_FILE}.{os.getpid()}.part")
        partial.write_text(body, encoding="utf-8")
        partial.replace(target)
    version = hashlib.sha256(body.encode()).hexdigest()[:10]
    return f"{_base(base_url_path)}/app/static/{BOOT_FILE}?v={version}"


def patched_index(html: str, src: str) -> str:
    """Streamlit's index page with a classic `<script src>` before its first script: it runs before the
    bundle (a deferred module script) reads `window.__streamlit`."""
    at = html.find("<script")
    at = at if at >= 0 else html.find("</head>")
    tag = f'<script src="{html_escape(src, quote=True)}"></script>'
    return html[:at] + tag + html[at:]


def install() -> bool:
    """Wrap Streamlit's static handler so every index page it serves names the boot script."""
    try:
        from starlette.responses import FileResponse, HTMLResponse
        from streamlit import config
        from streamlit.web.server.starlette import starlette_static_routes as routes

        original = routes.create_streamlit_static_handler
    except (ImportError, AttributeError) as exc:
        print(f"ui.launch: index page left unpatched ({exc})", file=sys.stderr)
        return False

    from ui import staticdir

    def handler(directory: str, base_url: str | None) -> Any:
        static = original(directory, base_url)
        # Called as the server builds its routes, once the command line's options are loaded.
        try:
            src = write_boot_script(staticdir.static_root(), config.get_option("server.baseUrlPath") or "")
        except OSError as exc:
            print(f"ui.launch: index page left unpatched ({exc})", file=sys.stderr)
            return static
        index = Path(directory) / "index.html"
        page = patched_index(index.read_text(encoding="utf-8"), src)
        inner = static.get_response

        async def get_response(path: str, scope: Any) -> Any:
            response = await inner(path, scope)
            if isinstance(response, FileResponse) and os.path.realpath(response.path) == os.path.realpath(index):
                patched = HTMLResponse(page, status_code=response.status_code)
                patched.headers["Cache-Control"] = response.headers.get("Cache-Control", "no-cache")
                return patched
            return response

        static.get_response = get_response
        return static

    routes.create_streamlit_static_handler = handler
    return True


def serve_static_root() -> None:
    """Serve `ui.staticdir.static_root()` at /app/static/ when the checkout's own `static/` is read-only."""
    from streamlit import file_util

    from ui import staticdir

    os.environ[staticdir.LAUNCHED_ENV] = "1"
    try:
        root = staticdir.static_root()
    except staticdir.NothingWritable as exc:
        print(f"ui.launch: {exc}", file=sys.stderr)
        return
    if root != staticdir.CHECKOUT_STATIC:
        print(f"ui.launch: static/ is read-only; serving the map's files from {root}", file=sys.stderr)
        file_util.get_app_static_dir = lambda _main_script_path: str(root)


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    install()
    serve_static_root()
    args = list(sys.argv[1:] if argv is None else argv)
    sys.argv = ["streamlit", "run", *(args or ["app.py"])]
    cli.main()


if __name__ == "__main__":
    main()
