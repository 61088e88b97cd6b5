"""The deployment files are linted and consistent with each other and with the app they serve."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.stack import TEMPLATE, render

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name) or pytest.skip(f"{name} not installed")


def test_dockerfile_passes_hadolint():
    result = subprocess.run([_tool("hadolint"), str(DEPLOY / "Dockerfile")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_is_pinned_non_root_and_health_checked():
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^FROM (\S+)", text, re.M).group(1)
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", base), base
    assert re.search(r"^USER 10001$", text, re.M)
    assert "pip install --no-compile -r requirements.txt" in text
    assert "HEALTHCHECK" in text and "deploy/healthcheck.py" in text


def test_kubernetes_manifests_validate_and_carry_probes_affinity_and_requests():
    result = subprocess.run(
        [_tool("kubernetes-validate"), "--strict", str(DEPLOY / "k8s" / "atlas.yaml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    docs = {d["kind"]: d for d in yaml.safe_load_all((DEPLOY / "k8s" / "atlas.yaml").read_text())}
    container = docs["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/atlas/_stcore/health"
    assert container["livenessProbe"]["httpGet"]["path"] == "/atlas/_stcore/health"
    assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
    assert docs["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    assert docs["Ingress"]["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert {"X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "Content-Security-Policy"} <= set(
        docs["ConfigMap"]["data"]
    )


def test_compose_fills_exactly_the_templates_values():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    placeholders = set(re.findall(r"\$\{(ATLAS_[A-Z_]+)\}", TEMPLATE.read_text()))
    proxy = compose["services"]["proxy"]
    assert set(proxy["environment"]) == placeholders
    assert all(f"$${{{name}}}" in proxy["command"][2] for name in placeholders)
    assert compose["services"]["app"]["deploy"]["replicas"] == "${REPLICAS:-2}"


def test_rendered_config_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx not installed")
    conf = tmp_path / "nginx.conf"
    conf.write_text(render(listen="127.0.0.1:1", upstreams=["127.0.0.1:2", "127.0.0.1:3"], prefix=tmp_path,
                           site_root=tmp_path, frame_ancestors="'self' https://news.example.org"))
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "e.log")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "frame-ancestors 'self' https://news.example.org" in conf.read_text()


def _inline_script_hashes(html: str) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", html, re.S)
    }


def test_csp_allows_exactly_the_inline_scripts_the_app_ships():
    """Streamlit's page and the map's page each carry one inline script; the CSP names their hashes, so a
    change to either (a Streamlit upgrade, an edit of geo/web/index.html) fails here, not in production."""
    import streamlit

    pages = [Path(streamlit.__file__).parent / "static" / "index.html", ROOT / "geo" / "web" / "index.html"]
    wanted = set().union(*(_inline_script_hashes(p.read_text(encoding="utf-8")) for p in pages))
    for source in (TEMPLATE.read_text(), (DEPLOY / "k8s" / "atlas.yaml").read_text()):
        csp = re.search(r"script-src ([^;]*);", source).group(1)
        assert set(re.findall(r"'sha256-[^']+'", csp)) == wanted, "update the CSP hashes: see README 'Deploy'"


def test_runtime_requirements_hold_only_what_the_app_imports():
    runtime = (ROOT / "requirements.txt").read_text()
    assert "folium" not in runtime and "streamlit-folium" not in runtime
    sources = [*ROOT.glob("*.py"), *(ROOT / "geo").rglob("*.py"), *(ROOT / "ui").rglob("*.py"),
               *(ROOT / "pages").glob("*.py")]
    for path in sources:
        assert not re.search(r"^\s*(import|from) (folium|streamlit_folium|branca)\b", path.read_text(), re.M), path
