"""The SQLite store (WAL, FTS5): documents, sentences, mentions, timex, entities, events, findings."""
from .db import SCHEMA_VERSION, Store

__all__ = ["Store", "SCHEMA_VERSION"]
