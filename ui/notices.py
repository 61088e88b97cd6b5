"""Notices about ignored URL values: a warning box above the page, or a brief toast in presentation mode.

The texts come from `geo.view.parse_view` (at most one per parameter, user values already escaped), so
here they are only placed: presentation mode keeps the screen clean but still says what was ignored.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def show_notices(notices: Sequence[str], *, present: bool = False) -> None:
    for notice in notices:
        if present:
            st.toast(notice, icon="⚠️")
        else:
            st.warning(notice, icon="⚠️")
