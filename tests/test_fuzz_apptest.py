"""URL fuzz through AppTest: every page, generated query strings; 0 exceptions, at most one notice per
parameter, user values escaped in every notice.

`make test` runs ATLAS_FUZZ_N (default 3) strings per page; `make fuzz` runs 200 per page.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fuzzurls import PAGES, notice_param, params_of, query_strings, unescaped_markup

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("ATLAS_FUZZ_N", "3"))


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning] + [t.value for t in at.toast]


@pytest.mark.parametrize("script", list(PAGES))
def test_generated_query_strings(script):
    failures = []
    for query in query_strings(N, seed=len(script)):
        at = AppTest.from_file(str(ROOT / script), default_timeout=60)
        params = params_of(query)
        for name, values in params.items():
            at.query_params[name] = values
        at.run()
        if at.exception:
            failures.append((query[:120], [e.value for e in at.exception]))
            continue
        texts = notices(at)
        per_param = Counter(notice_param(t) for t in texts)
        if any(n > 1 for name, n in per_param.items() if name):
            failures.append((query[:120], "more than one notice for a parameter", texts))
        if any(n for name, n in per_param.items() if name and name not in params):
            failures.append((query[:120], "notice for a parameter not given", texts))
        bad = [t for t in texts if unescaped_markup(t)]
        if bad:
            failures.append((query[:120], "unescaped markup in a notice", bad))
    assert not failures, failures[:5]


def test_presentation_mode_shows_every_notice_as_a_toast():
    """The issue's case: 0 of 3 notices were shown in presentation mode."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in {"present": "1", "date": "1999-99", "layer": "nope", "country": "ZZZ"}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert [notice_param(t.value) for t in at.toast] == ["layer", "date", "country"]
    assert not at.warning
