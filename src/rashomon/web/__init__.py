"""The local web app (`rashomon serve`): `create_app(db_path, token=None) -> FastAPI`."""
from .app import create_app

__all__ = ["create_app"]
