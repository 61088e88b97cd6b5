"""The Data & sources page's release pieces: the whole dataset as one zip, and the latest changelog entries."""

from __future__ import annotations

import streamlit as st

from geo import changelog, datapackage
from geo.cite import data_release
from geo.dates import format_date
from geo.policy import Policy
from geo.text import md_escape
from ui.feed import publish_feed

SHOWN_ENTRIES = 3


@st.cache_data(show_spinner=False, max_entries=4)
def _package(_policy: Policy, release: str) -> bytes:
    """The zip for one data release (`release` keys the cache; the policy itself is not hashable)."""
    return datapackage.package_zip(_policy)


def package_download(policy: Policy) -> None:
    """One button for every table, its schema and the docs, as a Frictionless data package."""
    release = data_release(policy)
    st.markdown(
        f"Every table as CSV with `SCHEMA.md`, the changelog and a Frictionless `datapackage.json` (table "
        f"schemas, licence, sources), data version **{md_escape(release)}**. The per-table downloads above "
        "carry exactly the rows shown; this one carries everything."
    )
    st.download_button(
        "Download the data package (ZIP)", lambda: _package(policy, release), file_name=datapackage.zip_name(policy),
        mime="application/zip", key="data_package_zip", on_click="ignore", icon=":material/folder_zip:",
    )


def bullets(body: str) -> list[str]:
    """An entry's lines as items: a `- ` line starts one, an indented line continues it, others stand alone."""
    items: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
        else:
            items.append(line.strip())
    return items


def changelog_entries(policy: Policy, limit: int = SHOWN_ENTRIES) -> None:
    """The latest releases (title, date, what changed) and the feed to follow them."""
    feed = publish_feed()
    entries = changelog.load()
    if not entries:
        st.caption("No release recorded yet.")
        return
    current = data_release(policy)
    if current not in {e.version for e in entries}:
        st.caption(f"The data shown (version {md_escape(current)}) have changed since the latest release below; "
                   "the next changelog entry will list what changed.")
    for entry in entries[:limit]:
        with st.expander(md_escape(f"{format_date(entry.day)} · {entry.title}"), expanded=entry is entries[0]):
            st.caption(f"Data version {md_escape(entry.version)}")
            st.markdown("\n".join(f"- {md_escape(item)}" for item in bullets(entry.body)))
    st.markdown(f"Follow the data releases: [Atom feed]({feed}) · `python -m geo diff OLD NEW` lists every fact "
                "added, removed or changed between two versions.")
