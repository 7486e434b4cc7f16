"""Escaping and link helpers shared by the report's renderers and the web app."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from urllib.parse import quote


def esc(value) -> str:
    """Any value as HTML text, safe inside elements and quoted attributes."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def json_for_script(data) -> str:
    """JSON safe inside a <script> element: no `</`, `<!--`, `]]>` or line separators can end or bend it."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def css_token(value) -> str:
    """A string reduced to a safe CSS class fragment."""
    return re.sub(r"[^a-z0-9_-]", "", str(value or "").lower())[:32] or "x"


def safe_url(url) -> str | None:
    """The URL when it is http(s), else None (no javascript:, data: ...)."""
    if isinstance(url, str) and re.match(r"(?i)https?://", url.strip()):
        return url.strip()
    return None


def fmt_number(v) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
    return str(v)


def fmt_value(m: dict) -> str:
    """A mention's value in words (plain text, not escaped): `over 2,500 tanks`, `1988-07-25`."""
    v = m.get("value")
    if isinstance(v, (list, tuple)) and len(v) == 2:
        s = f"{fmt_number(v[0])}–{fmt_number(v[1])}"
    elif v is None:
        s = m.get("text") or ""
    else:
        s = fmt_number(v)
    if m.get("kind") == "quantity" and m.get("counted"):
        s += f" {m['counted']}"
    return s


@dataclass(frozen=True)
class Links:
    """Where the views link to: anchors in the one-page report, or the web app's pages."""

    base: str = ""          # "" in the report; "" or a mount prefix in the web app
    one_page: bool = True

    def doc(self, doc_id: str) -> str:
        return f"#doc-{quote(doc_id, safe='')}" if self.one_page else f"{self.base}/documents/{quote(doc_id, safe='')}"

    def mention(self, m: dict) -> str:
        mid = quote(m["id"], safe=".-_")
        return f"#m-{mid}" if self.one_page else f"{self.base}/documents/{quote(m['doc'], safe='')}#m-{mid}"

    def entity(self, eid: str) -> str:
        return f"#e-{quote(eid, safe='')}" if self.one_page else f"{self.base}/entities#e-{quote(eid, safe='')}"

    def event(self, vid: str) -> str:
        return f"#v-{quote(vid, safe='')}" if self.one_page else f"{self.base}/events#v-{quote(vid, safe='')}"

    def story(self, sid: str) -> str:
        return f"#story-{quote(sid, safe='')}" if self.one_page else f"{self.base}/stories#story-{quote(sid, safe='')}"

    def finding(self, f: dict) -> str:
        fid = quote(f["id"], safe="")
        if self.one_page:
            return f"#f-{fid}"
        page = {"conflict": "conflicts", "agreement": "agreements"}.get(f.get("type"), "inconsistencies")
        return f"{self.base}/{page}?id={fid}#f-{fid}"


REPORT_LINKS = Links()


def utf16_offsets(text: str) -> list[int] | None:
    """Each code point's offset in UTF-16 units (as JavaScript counts), or None when they are the same."""
    if not text or max(text) <= "\uffff":
        return None
    offsets, n = [0], 0
    for c in text:
        n += 2 if c > "\uffff" else 1
        offsets.append(n)
    return offsets
