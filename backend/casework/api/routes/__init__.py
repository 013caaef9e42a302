"""One module per feature, each with an `APIRouter` named `router` (included in main.create_app)."""
