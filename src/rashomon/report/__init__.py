"""The self-contained HTML report: `render_html(export) -> str` (one file, opens offline).

The section renderers in `rashomon.report.html` are also what the web app serves, page by page.
"""
from .html import render_html
from .index import Index

__all__ = ["render_html", "Index"]
