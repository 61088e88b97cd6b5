"""Story mode: a prepared sequence of views for a talk, stepped with a presentation clicker."""

from __future__ import annotations

import streamlit as st

from ui import pagestate, share
from ui import story as story_ui
from ui.map_component import atlas_map

st.set_page_config(page_title="Story · 5G Vendor Policy Atlas", page_icon="🎞️", layout="wide",
                   initial_sidebar_state="collapsed")
policy = pagestate.load_or_stop()
pagestate.start_page(policy)
for notice in story_ui.seed(policy):
    st.warning(notice, icon="⚠️")

story = story_ui.current()
index = st.session_state[story_ui.STEP]
step = story.steps[index]
story_ui.header(policy, step, index, len(story.steps))
atlas_map(step.layer, step.month, alliances=step.alliances, selected=step.highlight[0] if step.highlight else None,
          highlight=tuple(step.highlight), present=True, height=540, key="story_map")
story_ui.sources_line(policy, step)
share.page_tools(policy, f"Story: {story.title}, step {index + 1}", story_ui.url_params(story, index))
story_ui.step_keys()
story_ui.builder(policy)
story_ui.write_url(story, index)
