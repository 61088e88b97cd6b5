"""Citations of one view of the atlas: plain text and BibTeX, naming the data version, review date and URL.

A reader who cites a map month needs to be able to reopen the same view on the same data: the URL
carries the view, the data version (review date plus content hash, `data_release`) the data.
"""

from __future__ import annotations

import re
from datetime import date

from geo.dates import format_date
from geo.policy import Policy, data_version

PUBLISHER = "5G Vendor Policy Atlas"
_BIB_SPECIAL = re.compile(r"([&%$#_{}])")


def data_release(policy: Policy) -> str:
    """The data version as one token: the latest review date plus the first 12 hex of the content hash."""
    version = data_version(policy)
    return f"{version['reviewed'] or 'unreviewed'}+{str(version['sha256'])[:12]}"


def citation_text(title: str, url: str, policy: Policy, accessed: date) -> str:
    """One paragraph, as a reference list prints it."""
    reviewed = data_version(policy)["reviewed"]
    return (
        f"{PUBLISHER}. “{title}.” Data version {data_release(policy)} "
        f"(data reviewed {format_date(reviewed)}). {url} (accessed {format_date(accessed)})."
    )


def _bib(value: str) -> str:
    return _BIB_SPECIAL.sub(r"\\\1", value.replace("\\", "/"))


def bibtex(title: str, url: str, policy: Policy, accessed: date) -> str:
    """A `@misc` entry (biblatex-friendly: `url` and `urldate`), keyed by the data version."""
    release = data_release(policy)
    reviewed = data_version(policy)["reviewed"] or ""
    key = "atlas-" + re.sub(r"[^a-z0-9]+", "-", release.lower()).strip("-")
    fields = [
        ("title", "{" + _bib(title) + "}"),
        ("author", "{" + _bib(PUBLISHER) + "}"),
        ("year", reviewed[:4] or str(accessed.year)),
        ("version", _bib(release)),
        ("note", _bib(f"Data version {release}, data reviewed {reviewed}")),
        ("url", url.replace("%", "\\%").replace("{", "%7B").replace("}", "%7D")),
        ("urldate", accessed.isoformat()),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
