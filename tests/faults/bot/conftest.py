"""Bot-side fault tests import `actions` and `channels` from bot/, like Rasa does."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
for path in (ROOT / "bot", ROOT / "tests" / "bot"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
os.environ["BOT_OUTBOX_DELIVERER"] = "0"
