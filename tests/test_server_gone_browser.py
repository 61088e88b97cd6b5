"""When the server stops, the page says what happened in our words, not "Are you connected to the internet?"."""

from __future__ import annotations

import pytest

from tests.browser import start_app
from ui.launch import SERVER_GONE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_server():
    server = start_app("app.py")
    yield server
    server.stop()


def test_stopped_server_is_explained(app_server, page):
    # Streamlit words it "Are you connected to the internet?" for any host but `localhost`.
    page.goto(f"http://127.0.0.1:{app_server.port}/Chronology")
    page.locator("h1, [data-testid='stAlert']").first.wait_for(timeout=45000)
    app_server.stop()
    page.get_by_text(SERVER_GONE).wait_for(timeout=60000)
    assert "connected to the internet" not in page.locator("body").inner_text()
