"""The case service's HTTP API (`casework.api:app`), contract in docs/api-contract.md.

Layout: `main.py` builds the app (handlers, auth, the service and resident routers);
`routes/` holds one module per feature, each exposing an `APIRouter` named `router` that
`main.create_app` includes.
"""
from .main import ApiError, app, create_app, get_session, require_token  # noqa: F401
