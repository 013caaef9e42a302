"""Browser fixtures (Chromium via Playwright, the backend under uvicorn): browser_support.py."""
from browser_support import browser, server, server_env  # noqa: F401
