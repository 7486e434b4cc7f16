"""rashomon: show where accounts of the same events agree and where they conflict.

The public Python API mirrors the CLI: `analyze(paths)` ingests and analyses documents and returns
the export (CONTRACT.md) as a dict.
"""
from __future__ import annotations

from pathlib import Path as _Path

__version__ = "0.1.0"
__all__ = ["analyze", "__version__"]


def analyze(paths: list[str | _Path], db: str | _Path = ":memory:", aliases: str | _Path | None = None) -> dict:
    """Ingest files/folders, analyse them, and return the findings export as a dict."""
    from .export import build_export
    from .pipeline import analyze as run_analyze
    from .pipeline import ingest
    from .store import Store

    with Store(db) as store:
        ingest(store, paths)
        run_analyze(store, aliases=aliases)
        return build_export(store)
