"""Story mode: a talk made of steps (month, layer, alliance filter, highlighted states, a short caption).

A story is either shipped (`data/stories/<id>.json`, every caption citing `sources.csv` ids) or built in
the app and shared in the URL as a compact code: JSON → zlib → base64url, prefixed with the format
version (`?story=1…`). Decoding checks every field against the data (months in the timeline, known
layers, alliances and states, captions of bounded length) and says what it refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo import timeline
from geo.policy import Policy
from geo.view import LAYERS

STORIES_DIR = Path(__file__).resolve().parent.parent / "data" / "stories"
CODE_VERSION = "1"
MAX_STEPS = 30
MAX_CAPTION = 320
MAX_CODE = 6000
"""Characters of a story code: well under the 8 KB most servers and proxies accept in a URL."""
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


class StoryError(ValueError):
    """A story that cannot be shown; the message says what is wrong, in one line."""


@dataclass(frozen=True)
class Step:
    month: str
    layer: str
    alliances: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()
    caption: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    title: str
    steps: tuple[Step, ...]
    story_id: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _step(raw: object, policy: Policy, where: str) -> Step:
    if not isinstance(raw, dict):
        raise StoryError(f"{where}: a step is an object with month, layer and caption")
    months = timeline.months(policy)
    month = str(raw.get("month", ""))
    if month not in months:
        raise StoryError(f"{where}: month {month[:20]!r} is not in the timeline ({months[0]} to {months[-1]})")
    layer = str(raw.get("layer", ""))
    if layer not in LAYERS:
        raise StoryError(f"{where}: layer {layer[:30]!r} is not one of {', '.join(LAYERS)}")
    alliances = tuple(str(a) for a in raw.get("alliances", []) or [])
    unknown = [a for a in alliances if a not in timeline.ALLIANCES]
    if unknown:
        raise StoryError(f"{where}: unknown alliance {unknown[0][:30]!r}")
    known = set(policy.countries["iso3"])
    highlight = tuple(str(c) for c in raw.get("highlight", []) or [])
    strangers = [c for c in highlight if c not in known]
    if strangers:
        raise StoryError(f"{where}: unknown country {strangers[0][:10]!r}")
    caption = " ".join(str(raw.get("caption", "")).split())
    if len(caption) > MAX_CAPTION:
        raise StoryError(f"{where}: caption longer than {MAX_CAPTION} characters")
    sources = tuple(str(s) for s in raw.get("sources", []) or [])
    cited = set(policy.sources["source_id"])
    missing = [s for s in sources if s not in cited]
    if missing:
        raise StoryError(f"{where}: source {missing[0][:40]!r} is not in sources.csv")
    return Step(month, layer, alliances, highlight, caption, sources)


def from_dict(raw: object, policy: Policy, story_id: str | None = None) -> Story:
    """A checked story from its JSON form ({"title", "steps": [...]})."""
    if not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
        raise StoryError("a story is an object with a title and a list of steps")
    steps = raw["steps"]
    if not 1 <= len(steps) <= MAX_STEPS:
        raise StoryError(f"a story has 1 to {MAX_STEPS} steps, this one {len(steps)}")
    title = " ".join(str(raw.get("title") or "Story").split())[:120]
    return Story(title, tuple(_step(s, policy, f"step {i + 1}") for i, s in enumerate(steps)), story_id)


def to_dict(story: Story) -> dict:
    return {
        "title": story.title,
        "steps": [
            {k: v for k, v in (("month", s.month), ("layer", s.layer), ("alliances", list(s.alliances)),
                               ("highlight", list(s.highlight)), ("caption", s.caption),
                               ("sources", list(s.sources))) if v}
            for s in story.steps
        ],
    }


def encode(story: Story) -> str:
    """The URL code of a story ('1' + base64url of the zlib'd JSON)."""
    text = json.dumps(to_dict(story), ensure_ascii=False, separators=(",", ":"))
    packed = base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii").rstrip("=")
    code = CODE_VERSION + packed
    if len(code) > MAX_CODE:
        raise StoryError(f"the story is too long to share in a link ({len(code)} characters; at most {MAX_CODE})")
    return code


def decode(code: str, policy: Policy) -> Story:
    """The story in a URL code, checked against the data."""
    if len(code) > MAX_CODE:
        raise StoryError("the story link is too long")
    if not code.startswith(CODE_VERSION):
        raise StoryError("the story link is not in a format this atlas reads")
    body = code[len(CODE_VERSION):]
    try:
        raw = zlib.decompressobj().decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)), 200_000)
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise StoryError("the story link is damaged (it may have been cut when copied)") from error
    return from_dict(data, policy)


def shipped_ids(folder: Path = STORIES_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.json") if _ID.fullmatch(p.stem))


def load_shipped(story_id: str, policy: Policy, folder: Path = STORIES_DIR) -> Story:
    """A story shipped with the atlas, by id (the file name without .json)."""
    if not _ID.fullmatch(story_id) or story_id not in shipped_ids(folder):
        raise StoryError(f"no story called {story_id[:40]!r}; shipped: {', '.join(shipped_ids(folder)) or 'none'}")
    raw = json.loads((folder / f"{story_id}.json").read_text(encoding="utf-8"))
    return from_dict(raw, policy, story_id)


def resolve(value: str, policy: Policy) -> Story:
    """`?story=` value: a shipped id, or a code made by the app."""
    value = value.strip()
    if _ID.fullmatch(value) and value in shipped_ids():
        return load_shipped(value, policy)
    if value.startswith(CODE_VERSION) and len(value) > 8:
        return decode(value, policy)
    return load_shipped(value, policy)


def with_step(story: Story, step: Step) -> Story:
    return Story(story.title, (*story.steps, step), None)


def without_step(story: Story, index: int) -> Story:
    return Story(story.title, tuple(s for i, s in enumerate(story.steps) if i != index), None)


def with_caption(story: Story, index: int, caption: str) -> Story:
    """Step `index` with a new caption (its sources stay: they back the step's facts, not its words)."""
    caption = caption.strip()
    if len(caption) > MAX_CAPTION:
        raise StoryError(f"step {index + 1}: caption longer than {MAX_CAPTION} characters")
    steps = list(story.steps)
    steps[index] = replace(steps[index], caption=caption)
    return Story(story.title, tuple(steps), None)


def moved_step(story: Story, index: int, delta: int) -> Story:
    """Step `index` swapped with its neighbour `delta` away (-1 earlier, +1 later); unchanged at either end."""
    target = index + delta
    if not (0 <= index < len(story.steps) and 0 <= target < len(story.steps)):
        return story
    steps = list(story.steps)
    steps[index], steps[target] = steps[target], steps[index]
    return Story(story.title, tuple(steps), None)


def step_names(policy: Policy, codes: Sequence[str]) -> list[str]:
    names = dict(zip(policy.countries["iso3"], policy.countries["name"], strict=True))
    return [str(names.get(c, c)) for c in codes]
