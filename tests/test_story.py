"""Stories: the shipped example is sourced and valid; codes round-trip; bad codes are refused in one line."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest

from geo import story, timeline
from geo.policy import load_policy


@pytest.fixture(scope="module")
def policy():
    return load_policy()


def test_every_shipped_story_loads_and_every_step_cites_sources(policy):
    assert "oct2020" in story.shipped_ids()
    for story_id in story.shipped_ids():
        loaded = story.load_shipped(story_id, policy)
        for step in loaded.steps:
            assert step.caption and step.sources, step
            assert len(step.caption) <= story.MAX_CAPTION


def test_october_2020_story_matches_the_data(policy):
    """The steps' claims are what the data draw: the signings, Sweden's exclusion, UK and France."""
    steps = story.load_shipped("oct2020", policy).steps
    on = timeline.parse_date("2020-10-31")
    states = {s.iso3: s for s in timeline.state_at(policy, on)}
    for iso3 in ("BGR", "MKD", "XKX"):
        assert timeline.category(states[iso3], "clean_network", on) == "member"
    assert timeline.category(states["SWE"], "restriction", on) == "exclusion"
    assert timeline.category(states["GBR"], "restriction", on) == "exclusion"
    assert timeline.category(states["FRA"], "restriction", on) == "partial"
    assert {s.month for s in steps} == {"2020-09", "2020-10"}
    assert any(set(s.highlight) == {"BGR", "MKD", "XKX"} for s in steps)


def test_code_round_trip_keeps_every_field(policy):
    built = story.Story("Mine $x$ <b>", (
        story.Step("2021-01", "restriction", ("NATO", "EU"), ("SWE",), "Sweden — “quoted” & <i>escaped</i>"),
        story.Step("2024-06", "deadline"),
    ))
    code = story.encode(built)
    assert code.startswith(story.CODE_VERSION) and len(code) < 400
    assert story.decode(code, policy) == built
    assert story.resolve(code, policy) == built


def _code(payload) -> str:
    raw = json.dumps(payload).encode()
    return story.CODE_VERSION + base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


@pytest.mark.parametrize("value, message", [
    ("1AAAAAAAAAAAA", "damaged"),
    ("1" + "A" * 7000, "too long"),
    ("nope", "no story called"),
    ("../../etc/passwd", "no story called"),
    (_code({"title": "t", "steps": []}), "1 to 30 steps"),
    (_code({"title": "t", "steps": [{"month": "1999-01", "layer": "restriction"}]}), "not in the timeline"),
    (_code({"title": "t", "steps": [{"month": "2021-01", "layer": "x"}]}), "layer"),
    (_code({"title": "t", "steps": [{"month": "2021-01", "layer": "restriction", "alliances": ["WARSAW"]}]}),
     "unknown alliance"),
    (_code({"title": "t", "steps": [{"month": "2021-01", "layer": "restriction", "highlight": ["ZZZ"]}]}),
     "unknown country"),
    (_code({"title": "t", "steps": [{"month": "2021-01", "layer": "restriction", "caption": "x" * 400}]}),
     "caption longer"),
    (_code({"title": "t", "steps": [{"month": "2021-01", "layer": "restriction", "sources": ["made-up"]}]}),
     "not in sources.csv"),
    (_code([1, 2]), "a story is an object"),
    (story.CODE_VERSION + base64.urlsafe_b64encode(zlib.compress(b"\0" * 10_000_000)).decode(), "too long|damaged"),
    (_code({"title": "t", "steps": [{"month": "2021-01", "layer": "restriction"}]})[:-9] + "!", "damaged"),
])
def test_bad_story_values_are_refused_with_a_reason(policy, value, message):
    with pytest.raises(story.StoryError, match=message):
        story.resolve(value, policy)




def test_story_page_runs_and_steps(policy):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages" / "5_Story.py"), default_timeout=60)
    at.query_params["story"] = "oct2020"
    at.query_params["step"] = "2"
    at.run()
    assert not at.exception
    assert at.session_state["story_step"] == 1
    at.button(key="story_next").click().run()
    assert at.session_state["story_step"] == 2
    at.button(key="story_make_deck").click().run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == [
        "Download october-2020-the-clean-network-reaches-the-balkans-sweden.pptx"]
    at.button(key="story_add").click().run()
    assert len(at.session_state["story_current"].steps) == 7
    assert at.session_state["story_current"].story_id is None, "an edited story is shared as a code"


def test_a_hostile_shared_story_is_shown_as_text(policy):
    from streamlit.testing.v1 import AppTest

    hostile = story.Story("**bold** :red[x] $\\alert{1}$", (
        story.Step("2021-01", "restriction", caption="<script>alert(1)</script> [click](javascript:alert(1)) _u_"),))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages" / "5_Story.py"), default_timeout=60)
    at.query_params["story"] = story.encode(hostile)
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("\\*\\*bold\\*\\*"), "markdown specials escaped in the title"
    html = " ".join(e.proto.body for e in at.get("html"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html


def test_the_story_as_a_deck(policy):
    import io

    from pptx import Presentation

    from geo import deck
    from geo.shapes import load_shapes

    shipped = story.load_shipped("oct2020", policy)
    pres = Presentation(io.BytesIO(deck.render_story(policy, load_shapes(), shipped)))
    slides = list(pres.slides)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert shipped.title in texts[0]
    for step, text in zip(shipped.steps, texts[1:], strict=False):
        assert step.caption in text
    listed = "\n".join(texts[1 + len(shipped.steps):])
    cited = policy.sources.set_index("source_id")
    for step in shipped.steps:
        for source in step.sources:
            assert cited.at[source, "title"] in listed, source


def test_steps_can_be_reordered_and_recaptioned(policy):
    """A presenter fixes a caption and the order without rebuilding the story; both end up in the link."""
    from streamlit.testing.v1 import AppTest

    shipped = story.load_shipped("oct2020", policy)
    moved = story.moved_step(shipped, 0, 1)
    assert moved.steps[0] == shipped.steps[1] and moved.steps[1] == shipped.steps[0]
    assert moved.story_id is None, "an edited story is shared as a code"
    assert story.moved_step(shipped, 0, -1) == shipped, "the first step cannot move earlier"
    recaptioned = story.with_caption(shipped, 2, "  A shorter caption.  ")
    assert recaptioned.steps[2].caption == "A shorter caption."
    assert recaptioned.steps[2].sources == shipped.steps[2].sources
    with pytest.raises(story.StoryError, match="longer than"):
        story.with_caption(shipped, 0, "x" * (story.MAX_CAPTION + 1))

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages" / "5_Story.py"), default_timeout=60)
    at.query_params["story"] = "oct2020"
    at.run()
    at.button(key="story_down_0").click().run()
    assert at.session_state["story_current"].steps[1] == shipped.steps[0]
    at.button(key="story_edit_1").click().run()
    at.text_area(key="story_caption_1").input("Bulgaria signs first.").run()
    at.button(key="story_save_1").click().run()
    assert not at.exception
    edited = at.session_state["story_current"]
    assert edited.steps[1].caption == "Bulgaria signs first." and edited.steps[0] == shipped.steps[1]
    assert story.decode(story.encode(edited), policy).steps[1].caption == "Bulgaria signs first."
