"""The map page's export entry: a "Download…" button that opens the export dialog on the current view, and
"Add view to story", which collects the view as a step for story mode (`pages/5_Story.py`).

Kept under its old name (`export_buttons`) so the pages that call it need no change; the dialog itself
lives in `ui.export_dialog`, and the files are made only when asked for (matplotlib and the encoders are
imported on first use, so a viewer who never exports does not pay for them).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.policy import Policy
from ui.export_dialog import export_button
from ui.story import add_view_button


def export_buttons(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> None:
    """The download button for the view on screen (opens the export dialog), and "Add view to story"."""
    with st.container(horizontal=True):
        export_button(policy, layer, month, alliances)
        add_view_button(layer, month, alliances, st.session_state.get("country"))
