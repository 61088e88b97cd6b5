"""The export dialog's body through AppTest: the slow formats run on a button, with progress, and keep
the result; a request that cannot be drawn shows an error."""

from __future__ import annotations

import io

from PIL import Image
from streamlit.testing.v1 import AppTest


def _gif_dialog():
    import streamlit as st

    from geo.policy import load_policy
    from ui import export_dialog

    if "export_fmt" not in st.session_state:
        st.session_state["export_fmt"] = "gif"
        st.session_state["export_span"] = ("2020-09", "2020-11")
    export_dialog._body(load_policy(), "restriction", "2020-10", ["NATO"])


def test_gif_is_made_on_request_and_offered_under_its_content_name():
    at = AppTest.from_function(_gif_dialog, default_timeout=120).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Create huawei-zte-restrictions-2020-09-to-2020-11-nato.gif (3 frames)"]
    at.button(key="export_create").click().run()
    assert not at.exception
    request, data = at.session_state["_export_result"]
    assert request.alliances == ("NATO",) and request.size == (1280, 720)
    assert Image.open(io.BytesIO(data)).n_frames == 3


def _bad_custom_size():
    import streamlit as st

    from geo.policy import load_policy
    from ui import export_dialog

    if "export_size" not in st.session_state:
        st.session_state["export_size"] = "custom"
        st.session_state["export_w"] = 320
        st.session_state["export_h"] = 3840
    export_dialog._body(load_policy(), "restriction", "2020-10", [])


def test_a_custom_size_is_drawn_at_that_size():
    at = AppTest.from_function(_bad_custom_size, default_timeout=120).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("download_button")) == 1
