"""Exports fail cleanly: a full disk, a read-only folder, Ctrl-C → one line, a documented exit status,
and no file (whole or partial) under the requested name. Hostile text in the data is drawn literally in
every format (matplotlib's mathtext never reads `$`)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from geo.commands.export import EXIT_INTERRUPTED, EXIT_WRITE
from geo.outfile import OutputError, write_atomic

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _mount(tmp_path: Path, options: str) -> Path:
    """A tiny tmpfs (root, Linux); the test falls back or skips where mounting is not allowed."""
    where = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        return Path()
    return where


def _mounted(tmp_path: Path, options: str, why_skipped: str):
    where = _mount(tmp_path, options)
    if where == Path():
        pytest.skip(why_skipped)
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def full_dir(tmp_path):
    yield from _mounted(tmp_path, "size=16k", "cannot mount a tmpfs here (the /dev/full test still runs)")


@pytest.fixture
def readonly_dir(tmp_path):
    yield from _mounted(tmp_path, "ro,size=16k", "cannot mount a read-only tmpfs here")


def run_export(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "export", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def assert_one_line(stderr: str, *words: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("fmt, extra", [("png", []), ("pptx", ["--dates", "2020-10,2021-01"]),
                                        ("mp4", ["--from", "2020-01", "--to", "2020-12", "--size", "640x360"])])
def test_full_disk_leaves_no_file(full_dir, fmt, extra):
    out = full_dir / f"slide.{fmt}"
    done = run_export("--format", fmt, *extra, "--out", str(out))
    assert done.returncode == EXIT_WRITE, done.stderr
    assert_one_line(done.stderr, "No space left on device", str(out))
    assert list(full_dir.iterdir()) == [], "no partial or temporary file"


def test_dev_full_is_one_line_and_exit_3():
    done = run_export("--format", "png", "--out", "/dev/full")
    assert done.returncode == EXIT_WRITE
    assert_one_line(done.stderr, "No space left on device")
    assert Path("/dev/full").is_char_device(), "the device is written in place, never renamed over"


def test_read_only_folder(readonly_dir):
    out = readonly_dir / "slide.png"
    done = run_export("--format", "png", "--out", str(out))
    assert done.returncode == EXIT_WRITE
    assert_one_line(done.stderr, "Read-only file system")
    assert not out.exists()


def test_existing_file_survives_a_failed_write(full_dir):
    out = full_dir / "keep.txt"
    out.write_bytes(b"old")
    with pytest.raises(OutputError):
        write_atomic(out, b"x" * 100_000)
    assert out.read_bytes() == b"old"
    assert [p.name for p in full_dir.iterdir()] == ["keep.txt"]


def test_ctrl_c_mid_animation(tmp_path):
    out = tmp_path / "timeline.mp4"
    process = subprocess.Popen(
        [sys.executable, "-m", "geo", "export", "--format", "mp4", "--from", "2019-01", "--to", "2026-11",
         "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # As in a terminal: a test run started in the background inherits SIGINT ignored (POSIX), and
        # Python then never turns Ctrl-C into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".timeline.*.part.mp4")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".timeline.*")), "the encoder started on a temporary file"
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == EXIT_INTERRUPTED
    assert_one_line(stderr, "interrupted")
    assert list(tmp_path.iterdir()) == []


HOSTILE = [
    r"Pay $\alert{4}$ Times",
    "Cost $5 and $6_a_b",
    r"back\slash_under_score \n",
    "<script>alert(1)</script> **bold** :red[x] [click](javascript:alert(1))",
]


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """data/ with every publisher and title replaced by hostile strings (the facts keep their sources)."""
    folder = tmp_path_factory.mktemp("hostile")
    for path in DATA.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    with open(DATA / "sources.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        row["publisher"] = HOSTILE[i % len(HOSTILE)]
        row["title"] = HOSTILE[(i + 1) % len(HOSTILE)] + " title"
        if row.get("kind") not in ("primary", "press", "secondary"):
            row["kind"] = "secondary"
    with open(folder / "sources.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def _export(data: Path, tmp_path: Path, fmt: str, *extra: str) -> bytes:
    out = tmp_path / f"x.{fmt}"
    done = run_export("--data-dir", str(data), "--layer", "restriction", "--format", fmt, *extra,
                      "--size", "1920x1080" if fmt not in ("gif", "mp4") else "640x360", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out.read_bytes()


def test_hostile_publishers_are_literal_in_svg_pdf_pptx_and_html(hostile_data, tmp_path):
    svg = _export(hostile_data, tmp_path, "svg", "--date", "2024-06")
    svg_text = "".join(ET.fromstring(svg).itertext())
    pdf = _export(hostile_data, tmp_path, "pdf", "--date", "2024-06")
    pdf_text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    shown = [h for h in HOSTILE if h in svg_text]
    assert shown, "the footer shows hostile publishers verbatim"
    assert r"Pay $\alert{4}$ Times" in svg_text, "no mathtext: dollars and backslashes stay as typed"
    assert "$" in pdf_text and "alert" in pdf_text
    deck = _export(hostile_data, tmp_path, "pptx", "--dates", "2020-10,2024-06")
    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("ppt/slides/slide"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml and "<script>" not in xml
    assert r"Pay $\alert{4}$ Times" in xml
    html = _export(hostile_data, tmp_path, "html", "--date", "2024-06").decode("utf-8")
    assert "<script>alert(1)</script>" not in html


def test_hostile_publishers_do_not_break_png_gif_mp4(hostile_data, tmp_path):
    assert Image.open(io.BytesIO(_export(hostile_data, tmp_path, "png", "--date", "2024-06"))).size == (1920, 1080)
    assert Image.open(io.BytesIO(_export(hostile_data, tmp_path, "gif", "--from", "2024-01", "--to", "2024-03"))
                      ).n_frames == 3
    assert len(_export(hostile_data, tmp_path, "mp4", "--from", "2024-01", "--to", "2024-03")) > 1000


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting needs root")
def test_full_dir_fixture_is_really_full(full_dir):
    with pytest.raises(OSError):
        (full_dir / "big").write_bytes(b"x" * 100_000)
