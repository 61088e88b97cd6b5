"""Public mode: one switch (`ATLAS_PUBLIC=1`) for a deployment that strangers reach over the internet.

`streamlit_options(env)` turns the switch and a few deployment facts (address, port, base path, public
host name) into Streamlit settings: no error details to viewers, XSRF protection on, cross-origin
requests refused, no outbound address lookup at start (the public address is named, not discovered),
bound only to the address named. `report_incident` replaces the traceback a viewer would see with a
plain message and an incident id; the traceback goes to the server log under the same id.
`python -m ui.public` starts the app with those settings through `ui.launch` (the container's and the
proxy stack's entry).
"""

from __future__ import annotations

import logging
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = logging.getLogger("atlas.incident")


def is_public(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("ATLAS_PUBLIC", "").strip().lower() in {"1", "true", "yes", "on"}


def base_path(env: Mapping[str, str] = os.environ) -> str:
    """The URL path prefix the proxy serves the app under ("atlas" for /atlas/), without slashes."""
    return env.get("ATLAS_BASE_PATH", "").strip("/")


def streamlit_options(env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Streamlit command-line options for this deployment; public mode adds the hardening ones."""
    options = {
        "server.port": env.get("ATLAS_PORT", "8501"),
        "server.address": env.get("ATLAS_BIND", "127.0.0.1"),
        "server.baseUrlPath": base_path(env),
        "server.headless": "true",
        "browser.gatherUsageStats": "false",
    }
    if is_public(env):
        options.update({
            "client.showErrorDetails": "none",
            "client.toolbarMode": "viewer",
            "server.enableXsrfProtection": "true",
            "server.enableCORS": "true",
            # Naming the public address stops Streamlit asking an outside service for it at start.
            "browser.serverAddress": env.get("ATLAS_PUBLIC_HOST", "localhost"),
            "browser.serverPort": env.get("ATLAS_PUBLIC_PORT", "80"),
        })
    return options


def command(env: Mapping[str, str] = os.environ) -> list[str]:
    """The `streamlit run` command line for this deployment (public mode runs the error-reporting app),
    through `ui.launch`: deep links to analyst pages under the base path, read-only image file systems."""
    script = ROOT / ("deploy/public_app.py" if is_public(env) else "app.py")
    flags = [f"--{key}={value}" for key, value in streamlit_options(env).items()]
    return [sys.executable, "-m", "ui.launch", str(script), *flags]


def incident_id() -> str:
    return secrets.token_hex(4)


def report_incident(exc: BaseException) -> bool:
    """Log the traceback under a fresh incident id and show the viewer only a plain message with it."""
    import streamlit as st

    incident = incident_id()
    LOG.error("incident %s: %s", incident, type(exc).__name__, exc_info=exc)
    st.error(
        f"Sorry, something went wrong on our side. Please reload the page; if it happens again, "
        f"quote incident {incident} to the maintainers."
    )
    return True


def main() -> None:
    from ui.assets import ensure_vendor_assets

    ensure_vendor_assets()  # before the server answers, so no first viewer waits for the copy
    args = command()
    os.chdir(ROOT)
    os.execv(args[0], args)


if __name__ == "__main__":
    main()
