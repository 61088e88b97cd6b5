"""The rule that keeps the map page hidden until its map has painted (no imports: the launcher uses it).

Streamlit lays a page out element by element as they arrive; on the map page a reader would watch the
title and controls jump while the map loads. The page shows when the map component marks the body
`atlas-ready`, or after 10 s at most, and at once if it holds an error or a notice (a data error must
be read, not hidden). The launcher's boot script puts the rule in the page's head before Streamlit's
bundle runs, so no element can draw before it applies; the page CSS (`ui.layout`) carries it too, for
`streamlit run` without the launcher.
"""

HIDE_UNTIL_PAINTED = """
[data-testid="stMainBlockContainer"] > div { display: none; animation: atlas-show 0s linear 10s forwards; }
body.atlas-ready [data-testid="stMainBlockContainer"] > div,
[data-testid="stMainBlockContainer"]:has([data-testid="stAlert"], [data-testid="stException"]) > div {
  display: flex; animation: none;
}
@keyframes atlas-show { to { display: flex; } }
"""
