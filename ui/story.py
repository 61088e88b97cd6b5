"""Story mode glue: which story is shown, which step, the step keys, the builder and the share link.

The map is the same component as on the map page, mounted once under its own key: a step only changes
its arguments (month, layer, filter, selection), so the browser restyles the polygons it already has and
the map is never rebuilt. Steps advance with the keys presentation clickers send (PageDown/PageUp, the
arrow keys, Space), through Streamlit's button shortcuts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

import streamlit as st

from geo import story as story_mod
from geo import timeline
from geo.policy import Policy
from geo.story import Step, Story, StoryError
from geo.style import LAYER_SHORT, LAYER_TITLES
from geo.summary import ALLIANCE_NAMES
from geo.text import html_text, md_escape, md_link
from geo.view import month_end

CURRENT, STEP, SEEDED, DRAFT = "story_current", "story_step", "_story_seeded", "story_draft"
EDITING = "story_editing"
DEFAULT_STORY = "oct2020"
NEXT_KEYS = ("PageDown", "Right", "Down", "Space")
PREV_KEYS = ("PageUp", "Left", "Up")
PAGE = "pages/5_Story.py"


def month_name(month: str) -> str:
    return month_end(month).strftime("%B %Y")


def seed(policy: Policy) -> list[str]:
    """On a session's first visit, the story in `?story=` (a shipped id or a code) and `?step=`; else the
    draft built on the map page, else the shipped example. Returns notices for what was refused."""
    notices: list[str] = []
    ss = st.session_state
    if ss.get(SEEDED):
        return notices
    ss[SEEDED] = True
    raw = st.query_params.get("story")
    chosen: Story | None = None
    if raw:
        try:
            chosen = story_mod.resolve(raw, policy)
        except StoryError as error:
            notices.append(f"The story in this link could not be opened: {error}. Showing the example story.")
    if chosen is None and ss.get(DRAFT):
        chosen = Story("My story", tuple(ss[DRAFT]))
    if chosen is None:
        chosen = story_mod.load_shipped(DEFAULT_STORY, policy)
    ss[CURRENT] = chosen
    step = st.query_params.get("step", "1")
    valid = step.isdigit() and 1 <= int(step) <= len(chosen.steps)
    ss[STEP] = int(step) - 1 if valid else 0
    if not valid:
        notices.append(f"“step” is not a step of this story (1 to {len(chosen.steps)}); showing step 1.")
    return notices


def current() -> Story:
    return st.session_state[CURRENT]


def _move(delta: int) -> None:
    n = len(current().steps)
    st.session_state[STEP] = max(0, min(n - 1, st.session_state.get(STEP, 0) + delta))


def step_keys() -> None:
    """Previous / next buttons; their shortcuts are what a presentation clicker sends. The aliases (arrows,
    Space) are buttons too, hidden, so every key works without any script of ours in the page."""
    index, n = st.session_state[STEP], len(current().steps)
    prev_col, where_col, next_col = st.columns([1, 2, 1], vertical_alignment="center")
    with prev_col:
        st.button("Previous", icon=":material/arrow_back:", on_click=_move, args=(-1,), disabled=index == 0,
                  shortcut=PREV_KEYS[0], key="story_prev", width="stretch")
    with where_col:
        st.markdown(f"<div style='text-align:center;color:#52606d'>Step {index + 1} of {n} · PageDown / → / "
                    f"Space for the next, PageUp / ← for the previous</div>", unsafe_allow_html=True)
    with next_col:
        st.button("Next", icon=":material/arrow_forward:", on_click=_move, args=(1,), disabled=index >= n - 1,
                  shortcut=NEXT_KEYS[0], key="story_next", width="stretch")
    with st.container(key="story-keys"):
        for key in NEXT_KEYS[1:]:
            st.button(f"next ({key})", on_click=_move, args=(1,), shortcut=key, key=f"story_next_{key}")
        for key in PREV_KEYS[1:]:
            st.button(f"previous ({key})", on_click=_move, args=(-1,), shortcut=key, key=f"story_prev_{key}")


CSS = """
<style>
.st-key-story-keys { display: none; }
.st-key-story-title h1 { font-size: 1.7rem; line-height: 1.25; padding: 0; }
.story-step { font-size: 1.05rem; color: #52606d; }
.story-caption { font-size: 1.5rem; line-height: 1.35; color: #1f2933; font-weight: 500; }
</style>
"""


def header(policy: Policy, step: Step, index: int, n: int) -> None:
    """Story title, where we are, and the caption (escaped: captions may come from a shared link)."""
    st.html(CSS)
    who = ", ".join(ALLIANCE_NAMES.get(a, a) for a in step.alliances) + " members" if step.alliances else "All states"
    with st.container(key="story-title"):
        st.title(md_escape(current().title), anchor=False)
    with st.container(key="story-step"):
        st.html(f"<div class='story-step' data-step='{index + 1}' data-month='{html_text(step.month)}'>"
                f"Step {index + 1} of {n} · <b>{html_text(month_name(step.month))}</b> · "
                f"{html_text(LAYER_TITLES[step.layer])} · {html_text(who)}</div>")
    with st.container(key="story-caption"):
        st.html(f"<div class='story-caption'>{html_text(step.caption) or '&nbsp;'}</div>")


def sources_line(policy: Policy, step: Step) -> None:
    if not step.sources and not step.highlight:
        return
    parts = []
    if step.highlight:
        parts.append("Highlighted: " + md_escape(", ".join(story_mod.step_names(policy, step.highlight))))
    if step.sources:
        src = policy.sources.set_index("source_id")
        links = [md_link(f"{src.at[s, 'publisher']}, {src.at[s, 'published']}", src.at[s, "url"])
                 for s in step.sources if s in src.index]
        parts.append("Sources: " + " · ".join(links))
    st.caption("  \n".join(parts))


def share_link(story: Story) -> str:
    """`?story=<id>` for a shipped story, `?story=<code>` for one built here."""
    value = story.story_id or story_mod.encode(story)
    return f"?story={quote(value)}"


def url_params(story: Story, index: int) -> dict[str, str]:
    """The query parameters that reopen this story at this step (empty if the story cannot be encoded)."""
    try:
        value = story.story_id or story_mod.encode(story)
    except StoryError:
        return {}
    return {"story": value, "step": str(index + 1)}


def write_url(story: Story, index: int) -> None:
    params = url_params(story, index)
    if params and (st.query_params.get("story") != params["story"] or st.query_params.get("step") != params["step"]):
        st.query_params.from_dict(params)


def _edited(story: Story) -> None:
    st.session_state[CURRENT] = story
    st.session_state[DRAFT] = list(story.steps)
    st.session_state[STEP] = max(0, min(st.session_state.get(STEP, 0), len(story.steps) - 1))


def _step_row(story: Story, i: int, step: Step) -> None:
    """One step: its words, then move up or down, edit the caption, remove."""
    ss = st.session_state
    n = len(story.steps)
    text_col, up_col, down_col, edit_col, remove_col = st.columns([7, 1, 1, 1, 1.3], vertical_alignment="center")
    text_col.markdown(f"**{i + 1}.** {md_escape(month_name(step.month))} · {md_escape(LAYER_SHORT[step.layer])}"
                      f" — {md_escape(step.caption[:90])}{'…' if len(step.caption) > 90 else ''}")
    moved = None
    if up_col.button("Up", key=f"story_up_{i}", disabled=i == 0, help=f"Move step {i + 1} earlier"):
        moved = -1
    if down_col.button("Down", key=f"story_down_{i}", disabled=i == n - 1, help=f"Move step {i + 1} later"):
        moved = 1
    if moved:
        _edited(story_mod.moved_step(story, i, moved))
        if ss.get(STEP) == i:  # the step on screen moves with its row
            ss[STEP] = i + moved
        st.rerun()
    if edit_col.button("Edit", key=f"story_edit_{i}", help=f"Edit step {i + 1}'s caption"):
        ss[EDITING] = None if ss.get(EDITING) == i else i
        st.rerun()
    if remove_col.button("Remove", key=f"story_remove_{i}", disabled=n == 1):
        ss[EDITING] = None
        _edited(story_mod.without_step(story, i))
        st.rerun()
    if ss.get(EDITING) == i:
        caption = st.text_area(f"Caption of step {i + 1}", value=step.caption, max_chars=story_mod.MAX_CAPTION,
                               key=f"story_caption_{i}")
        if st.button("Save caption", icon=":material/check:", key=f"story_save_{i}"):
            try:
                _edited(story_mod.with_caption(story, i, caption))
            except StoryError as error:
                st.warning(str(error))
            else:
                ss[EDITING] = None
                st.rerun()


def builder(policy: Policy) -> None:
    """Add the current view (or any month, layer, filter) as a step; reorder, re-caption or remove steps;
    copy the share link."""
    story = current()
    ss = st.session_state
    with st.expander("Build or edit this story", icon=":material/edit_note:"):
        title = st.text_input("Title", value=story.title, max_chars=120, key="story_title")
        if title.strip() and title != story.title:
            _edited(Story(title.strip(), story.steps))
            story = current()
        for i, step in enumerate(story.steps):
            _step_row(story, i, step)
        st.markdown("**Add a step** (preset to the view last shown on the map page)")
        months = timeline.months(policy)
        view_month = ss.get("month") if ss.get("month") in months else timeline.default_month(policy)
        a, b = st.columns(2)
        month = a.select_slider("Month", months, value=view_month, format_func=month_name, key="story_new_month")
        layers = list(LAYER_SHORT)
        layer = b.selectbox("Layer", layers, index=layers.index(ss.get("layer", "restriction")),
                            format_func=LAYER_SHORT.get, key="story_new_layer")
        c, d = st.columns(2)
        alliances = c.multiselect("Alliance filter", timeline.ALLIANCES, default=list(ss.get("alliances") or []),
                                  format_func=lambda x: ALLIANCE_NAMES.get(x, x), key="story_new_alliances")
        names = dict(zip(policy.countries["iso3"], policy.countries["name"], strict=True))
        country = ss.get("country")
        highlight = d.multiselect("Highlighted states", list(names), default=[country] if country in names else [],
                                  format_func=names.get, key="story_new_highlight")
        caption = st.text_area("Caption (one or two sentences)", max_chars=story_mod.MAX_CAPTION,
                               key="story_new_caption")
        if st.button("Add this view as a step", icon=":material/add:", key="story_add",
                     disabled=len(story.steps) >= story_mod.MAX_STEPS):
            _edited(story_mod.with_step(story, Step(month, layer, tuple(alliances), tuple(highlight), caption)))
            ss[STEP] = len(current().steps) - 1
            st.rerun()
        story_deck(policy)
        try:
            link = share_link(current())
            base = st.context.url.split("?")[0] if st.context.url else ""
            st.markdown("**Share this story** (the link holds every step):")
            st.code(base + link, language=None, wrap_lines=True)
        except StoryError as error:
            st.warning(str(error))


def story_deck(policy: Policy) -> None:
    """The story as a PowerPoint deck (one slide per step), made on request with a progress bar."""
    story = current()
    done = st.session_state.get("_story_deck")
    slug = re.sub(r"[^a-z0-9]+", "-", story.title.lower()).strip("-")
    name = (slug if len(slug) <= 60 else slug[:61].rsplit("-", 1)[0]) or "story"
    if not (done and done[0] == story) and st.button(
            f"Make a PowerPoint of this story ({len(story.steps)} slides)", icon=":material/slideshow:",
            key="story_make_deck"):
        bar = st.progress(0.0, text="Drawing the slides…")
        try:
            from geo.deck import render_story
            from ui.export_dialog import _shapes

            data = render_story(policy, _shapes(), story,
                                progress=lambda n, total: bar.progress(n / total, text=f"Slide {n} of {total}…"))
        except ValueError as error:
            bar.empty()
            st.error(f"Cannot make the deck: {error}")
            return
        bar.empty()
        st.session_state["_story_deck"] = done = (story, data)
    if done and done[0] == story:
        st.download_button(f"Download {name}.pptx", data=done[1], file_name=f"{name}.pptx",
                           mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                           icon=":material/download:", on_click="ignore", key="story_deck_download")


def add_view_button(layer: str, month: str, alliances: Sequence[str], country: str | None) -> None:
    """On the map page: keep the view on screen as the next step of the story being drafted."""
    if st.button("Add view to story", icon=":material/playlist_add:", key="story_add_view",
                 help="Collects this month, layer, filter and selected country as a story step; "
                 "present them on the Story page"):
        draft = list(st.session_state.get(DRAFT) or [])
        draft.append(Step(month, layer, tuple(alliances), (country,) if country else (), ""))
        st.session_state[DRAFT] = draft[: story_mod.MAX_STEPS]
        st.session_state[CURRENT] = Story("My story", tuple(st.session_state[DRAFT]))
        st.session_state[SEEDED] = True
        st.session_state[STEP] = len(draft) - 1
        st.toast(f"Step {len(draft)} added. Open the Story page to present or caption it.",
                 icon=":material/check_circle:")
