"""The export dialog: every format the atlas makes, for the view on screen, without a command line.

`open_export_dialog(policy, layer, month, alliances)` is the one entry point (the map page's download
button and the presentation view call it). The dialog preselects the current layer, month and alliance
filter; offers PNG, SVG, PDF, PPTX, GIF, MP4 and the offline HTML map; sizes 16:9, 4:3, square or custom;
one month or 2–6 small multiples; and names the file after its content. Fast formats are drawn as soon
as the choice is made; the slow ones (GIF, MP4, PPTX) start on a button and show a progress bar. Any
failure is a short error in the dialog, never a button that does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from geo import timeline
from geo.exportjob import FORMATS, LABELS, MIME, SIZES, ExportRequest, file_name, frames_in, render
from geo.policy import Policy, data_version
from geo.style import LAYER_SHORT
from geo.summary import ALLIANCE_NAMES
from geo.view import month_end

SIZE_LABELS = {"16:9": "16:9 · 1920×1080", "4:3": "4:3 · 1600×1200", "square": "Square · 1080×1080",
               "custom": "Custom"}
ANIMATED = ("gif", "mp4")


def month_name(month: str) -> str:
    return month_end(month).strftime("%B %Y")
_RESULT = "_export_result"


@st.cache_resource(show_spinner=False)
def _shapes() -> Any:
    from geo.shapes import SHAPES_FILE, load_shapes

    return load_shapes(SHAPES_FILE)


@st.cache_data(show_spinner=False, max_entries=32)
def _fast_bytes(_policy: Policy, version: str, request: ExportRequest) -> bytes:
    """A slide or offline page for one request, cached per data version (the policy is not hashable)."""
    from geo.shapes import SHAPES_FILE, microstate_points

    shapes = _shapes()
    text = SHAPES_FILE.read_text(encoding="utf-8") if request.fmt == "html" else None
    return render(_policy, shapes, request, shapes_text=text, microstates=microstate_points(shapes))


def _size_choice(fmt: str) -> tuple[int, int]:
    default = "16:9"
    choice = st.radio("Size", list(SIZE_LABELS), format_func=SIZE_LABELS.get, horizontal=True,
                      index=list(SIZE_LABELS).index(default), key="export_size")
    if choice != "custom":
        width, height = SIZES[choice]
        if fmt == "gif":
            width, height = width * 2 // 3, height * 2 // 3
            st.caption(f"GIF frames are drawn at {width}×{height} to keep the file mailable.")
        return width, height
    left, right = st.columns(2)
    width = left.number_input("Width (px)", min_value=320, max_value=3840, value=1920, step=10, key="export_w")
    height = right.number_input("Height (px)", min_value=240, max_value=3840, value=1080, step=10, key="export_h")
    return int(width), int(height)


def _months_choice(fmt: str, months: list[str], month: str, latest: str) -> tuple[tuple[str, ...], str | None]:
    """The months to draw, and what is missing before a file can be made (or None). An animation runs from
    the first month to the latest reviewed one unless changed (later months show scheduled deadlines)."""
    if fmt in ANIMATED:
        start, end = st.select_slider("Months", options=months, value=(months[0], latest),
                                      format_func=month_name, key="export_span")
        return (start, end), None
    if fmt == "html":
        st.caption(f"The offline map holds every month and opens on {month_name(month)}.")
        return (month,), None
    if fmt == "pptx":
        picked = st.multiselect("Months, one slide each (1–6)", months, default=[month], max_selections=6,
                                format_func=month_name, key="export_deck_months")
        return tuple(sorted(picked)), None if picked else "Choose at least one month."
    kind = st.radio("Months", ["One month", "Small multiples (2–6 months)"], horizontal=True, key="export_kind")
    if kind == "One month":
        chosen = st.selectbox("Month", months, index=months.index(month), format_func=month_name,
                              key="export_month")
        return (chosen,), None
    picked = st.multiselect("Months (2–6, drawn in date order)", months, default=[month], max_selections=6,
                            format_func=month_name, key="export_multiples")
    return tuple(sorted(picked)), None if len(picked) >= 2 else "Small multiples need at least 2 months."


def _request(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> tuple[ExportRequest, str | None]:
    """The dialog's widgets → a request, and a problem to show instead of a file (or None)."""
    fmt = st.segmented_control("Format", FORMATS, format_func=lambda f: LABELS[f].split(" (")[0],
                               default="png", key="export_fmt") or "png"
    left, right = st.columns(2)
    layers = list(LAYER_SHORT)
    chosen_layer = left.selectbox("Layer", layers, index=layers.index(layer), format_func=LAYER_SHORT.get,
                                  key="export_layer")
    chosen_alliances = right.multiselect("Alliance filter", timeline.ALLIANCES, default=list(alliances),
                                         format_func=lambda a: ALLIANCE_NAMES.get(a, a), key="export_alliances")
    months = timeline.months(policy)
    latest = timeline.default_month(policy)
    picked, problem = _months_choice(fmt, months, month if month in months else latest, latest)
    size = _size_choice(fmt) if fmt not in ("html", "pptx") else (1920, 1080)
    fps = 2.0
    if fmt in ANIMATED:
        fps = float(st.select_slider("Speed (months per second)", options=[0.5, 1.0, 2.0, 3.0, 4.0, 6.0],
                                     value=2.0, key="export_fps"))
    return ExportRequest(fmt, chosen_layer, picked, tuple(chosen_alliances), size, fps), problem


def _deliver(request: ExportRequest, data: bytes) -> None:
    name = file_name(request)
    st.download_button(f"Download {name}", data=data, file_name=name, mime=MIME[request.fmt], type="primary",
                       icon=":material/download:", on_click="ignore", key="export_download", width="stretch")
    st.caption(f"{len(data) / 1e6:.1f} MB" if len(data) > 1e6 else f"{len(data) / 1e3:.0f} KB")


def _body(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> None:
    request, problem = _request(policy, layer, month, alliances)
    if problem:
        st.info(problem)
        return
    if not request.slow:
        try:
            with st.spinner("Drawing…"):
                data = _fast_bytes(policy, data_version(policy)["sha256"], request)
        except ValueError as error:  # geo.export.ExportError: a request that cannot be drawn
            st.error(f"Cannot export this view: {error}")
            return
        except Exception as error:  # any failure is shown, never a silent button
            st.error(f"The export failed ({error.__class__.__name__}). Try another format or size.")
            return
        _deliver(request, data)
        return
    done = st.session_state.get(_RESULT)
    if done and done[0] == request:
        _deliver(request, done[1])
        return
    count = frames_in(policy, request)
    what = "slides" if request.fmt == "pptx" else "frames"
    if st.button(f"Create {file_name(request)} ({count} {what})", icon=":material/movie:", key="export_create"):
        bar = st.progress(0.0, text=f"Drawing 0 of {count} {what}…")

        def progress(done_n: int, total: int) -> None:
            bar.progress(done_n / total, text=f"Drawing {done_n} of {total} {what}…")

        try:
            data = render(policy, _shapes(), request, progress=progress)
        except ValueError as error:  # geo.export.ExportError: a request that cannot be drawn
            bar.empty()
            st.error(f"Cannot export this view: {error}")
            return
        except Exception as error:  # any failure is shown, never a silent button
            bar.empty()
            st.error(f"The export failed ({error.__class__.__name__}). Try a shorter span or another format.")
            return
        bar.empty()
        st.session_state[_RESULT] = (request, data)
        _deliver(request, data)


@st.dialog("Export this view", width="large")
def _dialog(policy: Policy, layer: str, month: str, alliances: tuple[str, ...]) -> None:
    _body(policy, layer, month, alliances)


def open_export_dialog(policy: Policy, layer: str, month: str, alliances: Sequence[str]) -> None:
    """Open the export dialog on the given view (current layer, month and alliance filter preselected)."""
    for key in [k for k in st.session_state if str(k).startswith("export_")]:
        del st.session_state[key]
    st.session_state.pop(_RESULT, None)
    _dialog(policy, layer, month, tuple(alliances))


def export_button(
    policy: Policy, layer: str, month: str, alliances: Sequence[str], *, key: str = "open_export"
) -> None:
    """A 'Download…' button that opens the dialog on this view."""
    if st.button("Download…", icon=":material/download:", key=key, help="PNG, SVG, PDF, PowerPoint, GIF, MP4 "
                 "or the offline map, at slide, 4:3 or square size"):
        open_export_dialog(policy, layer, month, alliances)
