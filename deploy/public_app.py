"""The Atlas as an ASGI app with public-mode error reporting (`python -m ui.public` runs it).

Streamlit runs `app.py` (and `pages/`) unchanged; an uncaught error reaches `report_incident`, which
shows the viewer a plain message with an incident id and logs the traceback under that id.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui.public import report_incident  # noqa: E402

app = st.App(str(ROOT / "app.py"), on_script_error=report_incident)
