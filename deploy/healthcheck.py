"""Container health check: exit 0 when this replica answers Streamlit's /_stcore/health under its base path."""

import os
import sys
import urllib.request

url = f"http://127.0.0.1:{os.environ.get('ATLAS_PORT', '8501')}{os.environ.get('ATLAS_BASE_PATH', '')}/_stcore/health"
try:
    with urllib.request.urlopen(url, timeout=2) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
