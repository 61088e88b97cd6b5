"""The map: three layers, a month slider that plays, an alliance filter, sourced tooltips, shareable links.

Map first: a one-line title, the toolbar, then the map filling the rest of the viewport (its own
controls, headline, legend with counts and timeline run in the browser). What changed this month and
the country panel sit beside the map on wide screens and below it on phones.
"""

from __future__ import annotations

import streamlit as st

from geo.policy import data_version
from ui import controls, embed_view, layout, pagestate, panels, toolbar
from ui.changes import month_changes
from ui.export_dialog import open_export_dialog
from ui.map_component import atlas_map, last_interaction
from ui.nav import sidebar_nav, top_nav
from ui.notices import show_notices
from ui.story import add_view_button

# "centered" is the layout Streamlit draws its loading skeleton in; the page CSS widens the column, so the
# first screen does not jump sideways when the page config arrives (`ui.layout`).
st.set_page_config(
    page_title="5G Vendor Policy Atlas", page_icon="🗺️", layout="centered", initial_sidebar_state="collapsed"
)

policy = pagestate.load_or_stop()
if embed_view.requested():  # ?embed=true: map, timeline, legend and source line only (for an iframe)
    embed_view.render(policy)
    st.stop()

EXPORT_REQUESTED = "_export_requested"
notices = controls.seed_from_url(policy)
controls.keep_shared_state()


def source_line() -> str:
    version = data_version(policy)
    return (
        "Sources: governments, regulators, operators and press, cited per country · "
        f"data reviewed {version['reviewed']} · Natural Earth · Crimea shown as part of Ukraine"
    )


def header() -> None:
    """Title and toolbar, drawn on full runs only (page load, a button): the buttons read the view when
    clicked, and "Copy link" copies the live address, so a map step need not redraw them."""
    ss = st.session_state
    title_col, tools_col = st.columns([3, 2], vertical_alignment="center")
    with title_col:
        st.title("5G Vendor Policy Atlas", anchor=False)
        st.html(
            '<div class="atlas-page-sub">Who restricts Huawei and ZTE in Europe\'s 5G networks, and since when? '
            "Point at a country for its status and source; click it for its chronology.</div>"
        )
    with tools_col, st.container(horizontal=True, horizontal_alignment="right", gap="small", key="atlas_tools"):
        if toolbar.present_button():
            ss.present = True
            st.rerun()
        view = controls.current_view()
        toolbar.download_menu(policy, view.layer, view.month, view.alliances)
        toolbar.copy_link(view, embed_view.snippet())


@st.fragment
def month_view() -> None:
    """Everything that follows the viewer's choices: the map and the panel beside it. The map reports its
    view only when the viewer stops, and that report reruns only this fragment."""
    kind = controls.apply_map_interaction(policy, last_interaction())
    ss = st.session_state
    if kind == "export":  # "Download slide…" in the presentation view: the dialog opens on a full run
        ss[EXPORT_REQUESTED] = True
    if kind in ("exit", "export"):
        st.rerun()
    layer, month, alliances = ss.layer, ss.month, tuple(ss.get("alliances") or ())
    selected = ss.get("country")
    if ss.get("present"):
        atlas_map(layer, month, alliances=alliances, selected=selected, present=True, source_line=source_line(),
                  height=760)
        controls.write_url(controls.current_view())
        return
    map_col, side_col = st.columns([7, 3], gap="medium")
    with map_col:
        atlas_map(layer, month, alliances=alliances, selected=selected, height=600)
    with side_col:
        if selected:
            panels.country_panel(policy, selected)
        month_changes(policy, month, alliances)
        if not selected:
            st.caption("**Click a country** (or a microstate's dot) to open its chronology with sources here.")
        add_view_button(layer, month, alliances, selected)
    controls.write_url(controls.current_view())


show_notices(notices, present=bool(st.session_state.get("present")))
if st.session_state.get("present"):
    layout.present_page_css()
    if st.session_state.pop(EXPORT_REQUESTED, False):
        view = controls.current_view()
        open_export_dialog(policy, view.layer, view.month, view.alliances)
    month_view()
else:
    layout.map_page_css()
    sidebar_nav()
    top_nav()
    header()
    month_view()
    panels.footer(policy)
