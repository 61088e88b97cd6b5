"""The data changelog (`CHANGELOG.md`) read as entries, and written as an Atom feed people can follow.

Entry format: `## VERSION · title`, a `Released: YYYY-MM-DDTHH:MM:SSZ` line, then free Markdown lines.
Pure functions over the file's text; the app serves the feed as a static file (`ui.feed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
FEED_ID = "tag:5g-vendor-policy-atlas,2026:data-changelog"
_HEADING = re.compile(r"^## (?P<version>\S+) · (?P<title>.+?)\s*$")
_RELEASED = re.compile(r"^Released: (?P<when>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\s*$")


@dataclass(frozen=True)
class Entry:
    version: str
    title: str
    released: str
    body: str

    @property
    def day(self) -> str:
        return self.released[:10]


def parse(text: str) -> list[Entry]:
    """Entries in file order (newest first by convention); an entry without a `Released:` line is refused."""
    entries: list[Entry] = []
    current: dict[str, object] | None = None
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            if current:
                entries.append(_entry(current))
            current = {"version": heading["version"], "title": heading["title"], "released": "", "lines": []}
            continue
        if current is None:
            continue
        released = _RELEASED.match(line)
        if released and not current["released"]:
            current["released"] = released["when"]
        else:
            current["lines"].append(line)  # type: ignore[union-attr]
    if current:
        entries.append(_entry(current))
    return entries


def _entry(raw: dict[str, object]) -> Entry:
    if not raw["released"]:
        raise ValueError(f"changelog entry {raw['version']} has no 'Released: YYYY-MM-DDTHH:MM:SSZ' line")
    body = "\n".join(raw["lines"]).strip()  # type: ignore[arg-type]
    return Entry(str(raw["version"]), str(raw["title"]), str(raw["released"]), body)


def load(path: Path = CHANGELOG) -> list[Entry]:
    return parse(path.read_text(encoding="utf-8")) if path.is_file() else []


def atom(entries: list[Entry], site: str = "", feed_path: str = "/app/static/feed/data-changelog.atom") -> str:
    """An Atom 1.0 feed of the entries; `site` (e.g. https://atlas.example) makes the links absolute."""
    updated = max((e.released for e in entries), default="1970-01-01T00:00:00Z")
    page = f"{site}/Data_and_sources"
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "  <title>5G Vendor Policy Atlas: data releases</title>",
        "  <subtitle>What changed in the atlas's sourced tables, release by release</subtitle>",
        f"  <id>{FEED_ID}</id>",
        f"  <updated>{updated}</updated>",
        f'  <link rel="self" type="application/atom+xml" href="{escape(site + feed_path)}"/>',
        f'  <link rel="alternate" type="text/html" href="{escape(page)}"/>',
        "  <author><name>5G Vendor Policy Atlas</name></author>",
    ]
    for entry in entries:
        parts += [
            "  <entry>",
            f"    <title>{escape(entry.version)}: {escape(entry.title)}</title>",
            f"    <id>{FEED_ID}:{escape(entry.version)}</id>",
            f"    <updated>{entry.released}</updated>",
            f'    <link rel="alternate" type="text/html" href="{escape(page)}"/>',
            f'    <content type="text">{escape(entry.body)}</content>',
            "  </entry>",
        ]
    parts.append("</feed>")
    return "\n".join(parts) + "\n"
