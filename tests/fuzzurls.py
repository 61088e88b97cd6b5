"""Generated query strings for the URL fuzz tests (AppTest and browser), and the notice rules they check.

Deterministic (seeded): values mix valid ones, near misses (`ſchengen`, `2021-02-30`, lower case),
markup and script payloads, odd Unicode, empty and very long values, and parameters repeated up to
400 times.
"""

from __future__ import annotations

import random
import re
from urllib.parse import parse_qs, urlencode

PAGES = {
    "app.py": "",
    "pages/1_Country_profile.py": "Country_profile",
    "pages/2_Chronology.py": "Chronology",
    "pages/3_Compare.py": "Compare",
    "pages/4_Data_and_sources.py": "Data_and_sources",
}
NOTICE_PARAMS = ("layer", "date", "alliance", "country", "from", "to")
PAYLOADS = (
    "__bold__", "**b**", "*i*", ":red[x]", "[click](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>", "${alert(1)}", "`code`", "# h", "| a | b |", "![x](https://example.org/x.png)",
    "ſchengen", "NATO\u200b", "ＮＡＴＯ", "nato", "Schengen ", "\u202eOTAN", "😀", "\x00", "%00", "..", "",
    "2021-02-30", "2021-13", "0000-00", "1999-99", "2021-02-28", "2021-2", "20210", "2021-01-01T00:00",
    "swe", "SWE", "ZZZ", "XKX", "sw", "SWED", "x" * 300,
)
VALID = {
    "layer": ("restriction", "clean_network", "deadline"),
    "date": ("2019-06", "2020-10", "2021-01-15", "2024-06"),
    "alliance": ("NATO", "EU", "EEA", "Schengen", "3SI", "EU_candidate", "NATO,EU"),
    "country": ("SWE", "DEU", "GBR", "XKX"),
    "present": ("1", "0", "true", "yes"),
    "from": ("2020-01", "2019-06"),
    "to": ("2021-01", "2022-06"),
}


def query_strings(n: int, seed: int = 16) -> list[str]:
    """`n` query strings (without `?`)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pairs: list[tuple[str, str]] = []
        for name in rng.sample([*VALID, "foo"], rng.randint(1, 5)):
            repeats = 400 if rng.random() < 0.03 else rng.choice((1, 1, 1, 2, 3))
            for _ in range(repeats):
                pool = VALID.get(name, ("1",))
                value = rng.choice(pool) if rng.random() < 0.4 else rng.choice(PAYLOADS)
                pairs.append((name, value))
        out.append(urlencode(pairs))
    return out


def params_of(query: str) -> dict[str, list[str]]:
    return parse_qs(query, keep_blank_values=True)


_NOTICE_OF = (
    ("layer", re.compile(r"^Unknown layer")),
    ("date", re.compile(r"^Date ")),
    ("alliance", re.compile(r"alliance")),
    ("country", re.compile(r"^Unknown country")),
    ("from", re.compile(r"^“from”")),
    ("to", re.compile(r"^“to”")),
)
_UNESCAPED = re.compile(r"(?<!\\)[*_`\[\]<>#|~$]")


def notice_param(text: str) -> str | None:
    """Which URL parameter a notice is about (None: not a URL notice)."""
    return next((name for name, pattern in _NOTICE_OF if pattern.search(text)), None)


def unescaped_markup(text: str) -> list[str]:
    """Markdown or HTML special characters inside the quoted user values of a notice that are not escaped."""
    quoted = re.findall(r"“(.*?)”", text)
    return [q for q in quoted if _UNESCAPED.search(q.replace("&lt;", "").replace("&gt;", "").replace("&amp;", ""))]
