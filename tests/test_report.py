"""The self-contained HTML report: content, escaping, timeline, links from findings to quotes."""
from __future__ import annotations

import copy
import importlib.util
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from rashomon.report import Index, render_html
from rashomon.report.dates import bound, interval
from rashomon.report.html import documents_data, highlight, quote_bounds
from rashomon.report.sample import build_sample_store, sample_export
from rashomon.report.util import json_for_script

ROOT = Path(__file__).resolve().parents[1]


class Tree(HTMLParser):
    """Collects tags, attributes, script bodies and the ids on the page; checks marks are balanced."""

    VOID = {"meta", "input", "br", "img", "link", "hr", "circle", "rect", "line", "path"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._in_script: dict | None = None
        self.depth = {"mark": 0, "details": 0, "svg": 0}
        self.max_mark_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "script":
            self._in_script = a
            self.scripts.append((a, ""))
        if tag in self.depth:
            self.depth[tag] += 1
            if tag == "mark":
                self.max_mark_depth = max(self.max_mark_depth, self.depth["mark"])

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None
        if tag in self.depth:
            self.depth[tag] -= 1
            assert self.depth[tag] >= 0, f"unbalanced </{tag}>"

    def handle_data(self, data):
        if self._in_script is not None:
            a, body = self.scripts[-1]
            self.scripts[-1] = (a, body + data)
        else:
            self.text.append(data)


def parse(html: str) -> Tree:
    t = Tree()
    t.feed(html)
    t.close()
    assert all(v == 0 for v in t.depth.values()), t.depth
    return t


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> dict:
    return sample_export(tmp_path_factory.mktemp("report") / "sample.db")


@pytest.fixture(scope="module")
def html(export) -> str:
    return render_html(export)


@pytest.fixture(scope="module")
def full(export) -> str:
    """The report with its tables, lists and timeline written out as HTML (`built=False`): what the web app's
    views write, and what report.js builds from the page's data (held equal by tests/test_browser.py)."""
    return render_html(export, built=False)


@pytest.fixture(scope="module")
def tree(html) -> Tree:
    return parse(html)


def rows_block(html: str) -> dict:
    """The JSON block report.js builds the tables, lists and timeline from."""
    return json.loads(next(body for a, body in parse(html).scripts if a.get("id") == "rashomon-rows"))


def section(html: str, sid: str) -> str:
    start = html.index(f'<section id="{sid}">')
    return html[start:html.index("</section>", start)]


def docs_block(html: str) -> dict:
    """The documents' JSON block (their texts and marks, which report.js writes out when one is opened)."""
    tree = parse(html)
    return json.loads(next(body for a, body in tree.scripts if a.get("id") == "rashomon-docs"))


def data_marks(block: dict) -> dict[str, dict]:
    """Each mark of the documents' block by mention id: its document, offsets, class and tip."""
    out = {}
    for doc, rows in block["marks"].items():
        for r in rows:
            mid = doc + r[0] if r[0].startswith(".") and len(r) == 5 else r[0]
            out[mid] = {"doc": doc, "start": r[1], "end": r[2], "class": block["classes"][r[3]],
                        "title": block["tips"][r[4]]}
    return out


def row(html: str, fid: str) -> str:
    start = html.index(f'<tr id="f-{fid}"')
    return html[start:html.index("</tr>", start)]


# ---------------------------------------------------------------------------------------------- summary
def test_header_counts_and_method(html):
    head = re.sub(r"<[^>]+>", "", section(html, "summary"))
    assert "5 documents" in head and "4 aligned events" in head
    assert "3 conflicts" in head and "3 agreements" in head and "1 inconsistency" in head
    assert "2 of them the same text, republished" in head
    for words in ("spaCy", "entity resolution", "event alignment", "interval", "qualifiers", "MinHash"):
        assert words in head, words


def test_self_contained_no_external_resources(html, tree):
    assert html.startswith("<!doctype html>")
    for tag, attrs in tree.tags:
        assert tag not in ("link", "iframe", "object", "embed", "img", "audio", "video", "base"), tag
        assert "src" not in attrs, (tag, attrs)
        assert "srcset" not in attrs
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)     # no inline handlers at all
    js = "".join(body for a, body in tree.scripts)  # scripts are inline
    assert all("src" not in a for a, _ in tree.scripts)
    style = html[html.index("<style>"):html.index("</style>")]
    assert "@import" not in style and "url(" not in style and "@font-face" not in style
    assert js.count("fetch(") == 2 and 'byId("upload-form")' in js   # network only in the web app's upload form
    # the page forbids loading anything: a CSP that allows only its own script and style
    csp = next(a["content"] for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "'unsafe-inline'" not in csp


def test_csp_hashes_match_inline_script_and_style(html, tree):
    import base64
    import hashlib

    csp = next(a["content"] for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    js = next(body for a, body in tree.scripts if "type" not in a)
    css = html[html.index("<style>") + 7:html.index("</style>")]
    for body in (js, css):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"sha256-{digest}" in csp


# ---------------------------------------------------------------------------------------------- escaping
@pytest.mark.parametrize("built", [True, False])
def test_injected_markup_is_escaped_everywhere(export, built):
    # four scripts only: three JSON blocks and the report's own script; only the documents' and the rows'
    # blocks carry document text, and in them no `<` at all (so no `</script>` or `<!--`)
    html = render_html(export, built=built)
    tree = parse(html)
    assert len(tree.scripts) == (4 if built else 3)
    for attrs, body in tree.scripts:
        if attrs.get("id") in ("rashomon-docs", "rashomon-rows"):
            assert attrs.get("type") == "application/json" and "<" not in body and "pwned" in body
        else:
            assert "pwned" not in body and "alert(" not in body
    if built:      # what report.js builds is checked in the browser (tests/test_browser.py)
        return
    # the document's script, the title's <img onerror>, the entity's <b> all show as text
    text = "".join(tree.text)
    assert "<script>window.pwned = 1; alert('pwned')</script>" in text
    assert '<img src=x onerror="window.pwned=1">Leaked memo' in text
    assert 'Convoy "<b>7</b>"' in text
    assert "&lt;script&gt;window.pwned = 1; alert(&#x27;pwned&#x27;)&lt;/script&gt;" in html
    assert "<b>7</b>" not in html and "<b>blog</b>" not in html and "<script>alert(2)" not in html
    # the explanation that tries to close the script element stays text
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


def test_json_for_script_cannot_close_the_element():
    data = {"a": "</script><script>alert(1)</script>", "b": "<!-- x -->", "c": "\u2028&"}
    s = json_for_script(data)
    assert "</" not in s and "<!--" not in s and "<" not in s and "\u2028" not in s
    assert json.loads(s) == data


def test_json_data_block_is_valid(tree):
    body = next(body for a, body in tree.scripts if a.get("id") == "rashomon-data")
    data = json.loads(body)
    assert data["counts"]["conflicts"] == 3 and data["counts"]["documents"] == 5


# ---------------------------------------------------------------------------------------------- timeline
def test_timeline_marks_ranges_and_conflict_markers(full):
    tl = section(full, "timeline")
    assert tl.count("<svg class=\"timeline\"") == 2                       # per document and per party
    doc_view = tl[tl.index('data-mode="doc">'):tl.index('data-mode="party" hidden')]
    points = re.findall(r'<circle class="mark [^"]*mark-point"[^>]*data-m="([^"]+)"', doc_view)
    ranges = re.findall(r'<rect class="mark [^"]*mark-range"[^>]*data-m="([^"]+)"', doc_view)
    assert set(points) == {"d1.t1", "d2.t1", "d3.t1", "d5.t1"}
    assert set(ranges) == {"d4.t1", "d4.t2"}                               # vague dates drawn as ranges
    # the two conflicting dates of f1 are separate marks joined by a conflict marker
    assert re.search(r'<a class="conflict-link" href="#f-f1" data-f="f1"><path class="conflict-marker"', doc_view)
    assert 'data-f="f7"' in doc_view
    x = {m: float(cx) for cx, m in re.findall(r'cx="([\d.]+)"[^>]*data-m="(d[12]\.t1)"', doc_view)}
    assert abs(x["d1.t1"] - x["d2.t1"]) > 20
    # marks are in conflict style and link to their quote
    assert re.search(r'href="#m-d2\.t1"><circle class="mark ev-c0 in-conflict mark-point"', doc_view)
    # lanes: one per document with dated statements, and per party
    assert "The Capital Herald" in doc_view and "Free Coast Front" in tl[tl.index('data-mode="party" hidden'):]


def test_timeline_without_dates_says_so():
    out = render_html({"documents": [{"id": "d1", "text": "no dates"}], "mentions": [], "entities": [], "events": [],
                       "findings": [], "timex": []})
    assert "No dated statements" in out


# ---------------------------------------------------------------------------------------------- findings
def test_conflict_table_side_by_side(full):
    r = row(full, "f1")
    assert 'data-mentions="d1.t1 d2.t1"' in r
    assert "2021-03-03" in r and "2021-03-09" in r
    assert "according to <b>Ministry of Defence</b>" in r and "according to <b>Free Coast Front</b>" in r
    assert '<mark class="q k-date">March 3, 2021</mark>' in r and '<mark class="q k-date">March 9, 2021</mark>' in r
    assert "The Varn bridge was destroyed on" in r                      # the quote is the whole sentence
    assert "sev-major" in r and ">Varn bridge destroyed<" in r and ">date<" in r
    assert 'href="#m-d1.t1"' in r and 'href="#m-d2.t1"' in r
    r2 = row(full, "f2")
    assert "<span class=qual>over</span> <b class=\"val\">300 soldiers</b>" in r2
    assert "<span class=qual>exact</span> <b class=\"val\">40 soldiers</b>" in r2
    r7 = row(full, "f7")
    assert "<span class=qual>by</span>" in r7 and "the document itself" in r7 and "sev-minor" in r7


def test_agreements_mark_republished_copies(full):
    agreements = section(full, "agreements")
    assert "same text, republished" in row(full, "f4") and "same text, republished" in row(full, "f5")
    assert "same text, republished" not in row(full, "f3") and "independent" in row(full, "f3")
    assert "early March 2021" in row(full, "f3")
    assert "similarity 0.93" in agreements


def test_inconsistencies_listed(full):
    inc = section(full, "inconsistencies")
    assert 'id="f-f6"' in inc and "weekday" in inc and "Friday, March 6, 2021" in inc


def test_every_evidence_link_points_to_a_highlighted_mark(export, html, full):
    marks = data_marks(docs_block(html))          # the marks report.js writes when a document is opened
    for f in export["findings"]:
        for mid in f["mentions"]:
            assert f'href="#m-{mid}"' in row(full, f["id"])
            assert mid in marks
    for m in export["mentions"]:
        assert marks[m["id"]]["doc"] == m["doc"]
        assert f"k-{m['kind']}" in marks[m["id"]]["class"].split()
    assert {"has-f", "f-conflict", "f-agreement"} <= set(marks["d1.t1"]["class"].split())


def test_documents_collapsed_and_text_intact(export, html, full):
    docs = section(full, "documents")
    assert docs.count('<details class="doc"') == 5 and '<details class="doc" id="doc-d1" open' not in docs
    assert '<details class="doc"' not in html           # built from the rows' block, a page at a time
    assert [r[0] for r in rows_block(html)["lists"]["doclist"]["rows"]] == [0, 1, 2, 3, 4]
    block = docs_block(html)
    for d in export["documents"]:
        assert f'<div class="doc-text" data-doc="{d["id"]}"></div></details>' in docs
        assert block["text"][d["id"]] == d["text"]


def test_documents_are_embedded_as_data_not_as_marked_up_html(export, html):
    """The texts are in one JSON block, not written out as HTML: no mark of a mention anywhere in the page's
    markup (report.js writes a document's marks when it is opened), and the marks match `highlight`'s."""
    assert '<mark id="m-' not in html and "<mark class=\"k-" not in section(html, "documents").split("</p>", 1)[1]
    block = docs_block(html)
    assert set(block["text"]) == {d["id"] for d in export["documents"]}
    ix = Index(export)
    for d in export["documents"]:
        out = highlight(ix, d["text"], ix.by_doc.get(d["id"], []))
        written = re.findall(r'<mark id="m-([^"]+)" class="([^"]+)"', out)
        rows = [(doc + r[0] if r[0].startswith(".") else r[0], block["classes"][r[3]])
                for doc, rs in block["marks"].items() if doc == d["id"] for r in rs]
        assert rows == written                    # the same marks, in the order highlight writes them


def test_embedded_documents_cannot_close_their_script_element(export):
    """A document whose text tries to end the JSON block (`</script>`, `<!--`) stays data: the page still
    holds exactly its three script elements and the text comes back intact."""
    data = copy.deepcopy(export)
    evil = "Plain start. </script><script>window.owned=1</script> <!-- and --> </SCRIPT > \u2028 end & more"
    data["documents"].append({"id": "d9", "title": "Evil", "text": evil})
    data["mentions"].append({"id": "d9.n1", "doc": "d9", "start": 0, "end": 5, "kind": "other", "text": "Plain"})
    out = render_html(data)
    body = out[out.index('<script type="application/json" id="rashomon-docs">'):]
    body = body[body.index(">") + 1:body.index("</script>")]
    assert "<" not in body and "\u2028" not in body
    assert json.loads(body)["text"]["d9"] == evil
    t = parse(out)
    assert len(t.scripts) == 4 and "owned" not in "".join(b for a, b in t.scripts
                                                        if a.get("id") not in ("rashomon-docs", "rashomon-rows"))
    assert "<" not in next(b for a, b in t.scripts if a.get("id") == "rashomon-rows")


def test_a_quote_that_closes_the_script_element_stays_data(export):
    """A finding whose quote holds `</script>` and `<!--`: its row is data, the quote offsets into a text
    that the documents' block holds escaped; neither block can be closed early, and the page keeps its four
    script elements."""
    data = copy.deepcopy(export)
    evil = "Before. The toll was </script><script>window.owned=1</script><!-- 12 --> dead. After."
    data["documents"].append({"id": "d9", "title": "Evil </script> title", "text": evil})
    s = evil.index("12")
    data["mentions"].append({"id": "d9.q1", "doc": "d9", "start": s, "end": s + 2, "kind": "quantity",
                             "text": "12", "value": 12, "qualifier": "</script>"})
    data["findings"].append({"id": "f99", "type": "inconsistency", "event": None, "what": "</script><b>x</b>",
                             "mentions": ["d9.q1"], "severity": "minor", "explanation": "<!-- -->",
                             "parties": ["</script>"]})
    out = render_html(data)
    t = parse(out)
    assert len(t.scripts) == 4 and "owned" not in t.scripts[-1][1]
    for a, body in t.scripts[:-1]:
        assert "<" not in body and a.get("type") == "application/json"
    rows = rows_block(out)
    f99 = next(r for t in rows["lists"].values() if t["kind"] == "findings" for r in t["rows"] if r[0] == "f99")
    m = rows["mentions"][f99[9][0]]
    assert evil[m[6] - m[8]:m[6] + m[7] + m[9]] == "The toll was </script><script>window.owned=1</script><!-- 12 --> dead."
    assert rows["strings"][m[3]] == "</script>" and rows["strings"][f99[5]] == "</script><b>x</b>"
    full = render_html(data, built=False)
    assert "&lt;/script&gt;&lt;script&gt;window.owned=1" in row(full, "f99") and "<b>x</b>" not in full


def test_mark_offsets_count_utf16_units_as_javascript_does():
    """Past a character outside the BMP (an emoji: one code point, two UTF-16 units) offsets shift by one."""
    text = "\U0001F600 fire at the dock"
    ix = Index({"documents": [{"id": "x", "text": text}],
                "mentions": [{"id": "x.n1", "doc": "x", "start": 2, "end": 6, "kind": "other"},
                             {"id": "odd", "doc": "x", "start": 0, "end": 99, "kind": "date"}]})
    block = documents_data(ix)
    rows = block["marks"]["x"]
    assert [r[:3] for r in rows] == [["odd", 0, len(text.encode("utf-16-le")) // 2], [".n1", 3, 7]]
    assert text.encode("utf-16-le")[6:14].decode("utf-16-le") == "fire"


def test_long_lists_are_marked_for_paging(html, full):
    """report.js pages the tables and lists marked data-paged (events; the rest when written out as HTML) and
    builds those marked data-rows from the rows' block: findings, documents, entities, framing."""
    for tid in ("t-conflict", "t-agreement", "t-events"):
        assert re.search(f'<table id="{tid}"[^>]* data-rows>', html)
        assert re.search(f'<table id="{tid}"[^>]* data-paged>', full)
    assert '<div id="doclist" data-rows></div>' in html and '<div id="dossiers" data-rows></div>' in html
    assert '<div id="doclist" data-paged>' in full and '<div id="dossiers" data-paged>' in full
    assert 'data-list="doclist"' in html and set(rows_block(html)["lists"]) >= {
        "t-conflict", "t-agreement", "t-inconsistency", "doclist", "dossiers", "t-labels", "t-predicates", "t-events",
        "stories-list"}


def test_finding_tables_are_data_not_prerendered_rows(export, html, full):
    """The finding rows are not in the page's markup: each is a row of the rows' block, its quotes offsets
    into its document's text (the documents' block), not the sentence."""
    for sid in ("conflicts", "agreements", "inconsistencies"):
        assert '<tr id="f-' not in section(html, sid) and "<blockquote" not in section(html, sid)
        assert '<tr id="f-' in section(full, sid)
    assert "The Varn bridge was destroyed on" in row(full, "f1") and "The Varn bridge was destroyed on" not in html.split(
        '<script type="application/json" id="rashomon-docs">')[0]
    block, docs = rows_block(html), docs_block(html)
    rows = {r[0]: r for t in block["lists"].values() if t["kind"] == "findings" for r in t["rows"]}
    assert sorted(rows) == sorted(f["id"] for f in export["findings"])
    f1 = rows["f1"]
    mids = [block["docs"][block["mentions"][k][0]][0] + block["mentions"][k][1] for k in f1[9]]
    assert mids == ["d1.t1", "d2.t1"]
    m = block["mentions"][f1[9][0]]                       # the quote: offsets into d1's text
    text = docs["text"]["d1"]
    s, e = m[6], m[6] + m[7]
    assert text[s:e] == "March 3, 2021" and text[s - m[8]:e + m[9]].startswith("The Varn bridge was destroyed on")
    assert "The Varn bridge was destroyed on" not in json.dumps(block)


# ---------------------------------------------------------------------------------------------- entities, framing
def test_entity_dossiers(full):
    ents = section(full, "entities")
    e4 = ents[ents.index('id="e-e4"'):]
    e4 = e4[:e4.index("</details>")]
    assert "Idris Maro" in e4 and "Colonel Idris Maro, Col. Maro" in e4
    assert "Varn bridge destroyed, ministry says" in e4 and "Maro&#x27;s unit withdraws" in e4


def test_framing_panel(full):
    fr = section(full, "framing")
    assert "Group 1" in fr and "Group 3" in fr          # no groups given: found by the framing
    assert "<b>regime</b>" in fr and "&#x27;s garrison collapsed" in fr
    assert '<mark class="q k-other">regime</mark>' in fr
    assert "3.40" in fr and "fighters" in fr and "&lt;b&gt;memo&lt;/b&gt;" in fr
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in fr and "&lt;img src=x onerror=alert(3)&gt;" in fr
    assert "collapse" in fr                                   # how each document says it happened


def test_no_framing_panel_without_framing(export):
    ex = copy.deepcopy(export)
    ex["framing"] = {"groups": [], "labels": [], "distinctive": []}
    out = render_html(ex)
    assert 'id="framing"' not in out and 'href="#framing"' not in out


def test_contract_only_export_renders(export):
    """An export with only the contract's fields (no parties, independent, copies, timex, framing)."""
    ex = copy.deepcopy(export)
    for f in ex["findings"]:
        f.pop("parties"), f.pop("independent"), f.pop("confidence")
    for m in ex["mentions"]:
        for k in ("label", "counted", "predicate", "sentence"):
            m.pop(k)
    ex.pop("copies"), ex.pop("framing")
    ex["timex"] = [{k: t[k] for k in ("doc", "start", "end", "text", "value")} for t in ex["timex"]]
    out = render_html(ex, built=False)
    parse(out)
    parse(render_html(ex))
    assert "according to <b>Free Coast Front</b>" in row(out, "f1")        # parties from attributed_to
    assert 'data-m="d4.t1"' in out and "mark-range" in out                 # "2021-03-early" from the value
    assert render_html({"documents": [], "mentions": [], "entities": [], "events": [], "findings": []})


# ---------------------------------------------------------------------------------------------- pieces
def test_highlight_nested_crossing_and_out_of_range_spans():
    ix = Index({"documents": [{"id": "d1", "text": "abcdefghij"}], "mentions": []})
    ms = [{"id": "a", "doc": "d1", "start": 0, "end": 6, "kind": "date"},
          {"id": "b", "doc": "d1", "start": 2, "end": 4, "kind": "actor"},      # nested
          {"id": "c", "doc": "d1", "start": 5, "end": 8, "kind": "place"},      # crosses a
          {"id": "d", "doc": "d1", "start": 9, "end": 40, "kind": "other"},     # past the end
          {"id": "e", "doc": "d1", "start": 7, "end": 7, "kind": "other"}]      # empty
    out = highlight(ix, "ab<defghij".replace("<", "c"), ms)
    t = parse(f"<div>{out}</div>")
    assert {f"m-{m['id']}" for m in ms} <= t.ids
    assert re.sub(r"<[^>]+>", "", out) == "abcdefghij"
    assert t.max_mark_depth == 2


def test_quote_bounds_sentence():
    text = "First one. The bridge fell on May 3. Last."
    s = text.index("May 3")
    a, b, cut_a, cut_b = quote_bounds(text, s, s + 5)
    assert text[a:b] == "The bridge fell on May 3." and not cut_a and not cut_b
    long = "x" * 1000 + " May 3 " + "y" * 1000
    s = long.index("May 3")
    a, b, cut_a, cut_b = quote_bounds(long, s, s + 5)
    assert cut_a and cut_b and b - a <= 330 and "May 3" in long[a:b]


@pytest.mark.parametrize("value,first,last", [
    ("1988", "1988-01-01", "1988-12-31"), ("1988-02", "1988-02-01", "1988-02-29"),
    ("1988-07-25", "1988-07-25", "1988-07-25"), ("196", "1960-01-01", "1969-12-31"),
    ("1982-SU", "1982-06-01", "1982-08-31"), ("1982-WI", "1982-12-01", "1983-02-28"),
    ("1988-early", "1988-01-01", "1988-04-30"), ("1988-late", "1988-09-01", "1988-12-31"),
    ("1988-Q3", "1988-07-01", "1988-09-30"), ("1988-W01", "1988-01-04", "1988-01-10")])
def test_date_intervals(value, first, last):
    assert interval(value) == (date.fromisoformat(first), date.fromisoformat(last))


def test_bad_dates():
    assert interval("soon") is None and interval("1988-13") is None and interval(None) is None
    assert bound("1988", upper=True) == date(1988, 12, 31) and bound("", upper=False) is None
    with pytest.raises(ValueError):
        bound("1988-early", upper=False)


def test_index_filters(export):
    ix = Index(export)
    ids = lambda fs: sorted(f["id"] for f in fs)  # noqa: E731
    assert ids(ix.filter_findings(type="conflict")) == ["f1", "f2", "f7"]
    assert ids(ix.filter_findings(doc="d4")) == ["f3", "f7"]
    assert ids(ix.filter_findings(doc="coast-radio.txt")) == ["f1", "f2", "f7"]
    assert ids(ix.filter_findings(doc="Continental Wire")) == ["f4", "f5"]          # an outlet
    assert ids(ix.filter_findings(party="free coast front")) == ["f1", "f2", "f7"]
    assert ids(ix.filter_findings(party="Evening Post")) == ["f3", "f7"]             # the document itself
    assert ids(ix.filter_findings(entity="e4")) == ["f7"]
    assert ids(ix.filter_findings(entity="Col. Maro")) == ["f7"]
    assert ids(ix.filter_findings(entity="nobody")) == []
    # dated evidence decides; a finding about figures falls back on its event's date (v2: March 2021)
    assert ids(ix.filter_findings(date_from=date(2021, 3, 8), date_to=date(2021, 3, 9))) == ["f1", "f2", "f3", "f5", "f7"]
    assert ids(ix.filter_findings(type="agreement", date_to=date(2021, 3, 2))) == ["f3", "f5"]
    assert ids(ix.filter_findings(type="conflict", date_from=date(2021, 4, 1))) == []
    assert ix.all_parties()[:2] == ["Anonymous <b>blog</b> (itself)", "Evening Post (itself)"]


def test_render_html_accepts_index(export):
    assert render_html(Index(export)) == render_html(export)


def test_store_roundtrip_has_extras(tmp_path):
    store = build_sample_store(tmp_path / "s.db")
    try:
        f4 = next(f for f in store.findings() if f.id == "f4")
        assert f4.independent is False and f4.parties == ["Ministry of Defence", "Ministry of Defence"]
    finally:
        store.close()


def test_a_thousand_documents(tmp_path):
    """1,000 documents: renders in seconds, documents collapsed, one file."""
    import time

    spec = importlib.util.spec_from_file_location("bench_web", ROOT / "benchmarks" / "bench_web.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from rashomon.export import build_export

    store = bench.build_store(tmp_path / "big.db", 1000)
    try:
        data = build_export(store)
    finally:
        store.close()
    t = time.perf_counter()
    out = render_html(data)
    assert time.perf_counter() - t < 30
    assert len(json.loads(out[out.index('id="rashomon-rows">') + 19:out.index("</script>", out.index(
        'id="rashomon-rows">'))])["lists"]["doclist"]["rows"]) == 1000
    assert out.count("<script") == 4 and '<mark id="m-' not in out and '<details class="doc"' not in out


# ---------------------------------------------------------------------------------------------- stories, sides
def _with_disputes(export: dict) -> dict:
    """The sample plus one finding per dispute: two agreeing sources against one, and a quote that holds a
    script (d5's), and an inconsistency of the first story so inconsistencies span two stories."""
    data = copy.deepcopy(export)
    data["findings"].append({
        "id": "f9", "type": "conflict", "event": "v1", "what": "date of: the bridge destroyed",
        "mentions": ["d1.t1", "d3.t1", "d2.t1", "d5.t1"], "severity": "major",
        "explanation": "3 incompatible values", "parties": ["Ministry of Defence", "Ministry of Defence",
                                                            "Free Coast Front", None],
        "independent": True, "confidence": 0.65, "groups": [["d1.t1", "d3.t1"], ["d2.t1"], ["d5.t1"]],
        "reasons": ["same happening to the same named theme", "<script>alert(9)</script>"]})
    data["findings"].append({
        "id": "f10", "type": "inconsistency", "event": None, "what": "weekday", "mentions": ["d1.t1"],
        "severity": "minor", "explanation": "illustrative", "parties": [None]})
    return data


def test_stories_section_lists_each_story_and_its_documents(html, full):
    s = section(full, "stories")
    assert "Varn · Free Coast Front · 2021" in s and 'id="story-s1"' in s and 'id="story-s2"' in s
    assert "Leaked &lt;i&gt;memo&lt;/i&gt; · convoy" in s and "<i>memo</i>" not in s
    s1 = s[s.index('id="story-s1"'):s.index('id="story-s2"')]
    assert all(f'href="#doc-{d}"' in s1 for d in ("d1", "d2", "d3", "d4")) and 'href="#doc-d5"' not in s1
    assert "3 conflicts" in s1
    assert 'href="#stories"' in html


def test_each_finding_shows_its_story(full):
    assert 'story: <a href="#story-s1">Varn · Free Coast Front · 2021</a>' in row(full, "f1")
    assert 'href="#story-s2"' in row(full, "f6")
    assert '<h3 class="story-head"><a href="#story-s1">' in section(full, "conflicts")


def test_findings_of_several_stories_are_listed_under_each_story(export):
    page = render_html(_with_disputes(export), built=False)
    inc = section(page, "inconsistencies")
    assert inc.index('href="#story-s1"') < inc.index('id="f-f10"') < inc.index('href="#story-s2"') < inc.index('id="f-f6"')
    parse(page)


def test_a_conflict_shows_its_sides_with_each_source_party_and_quote(export):
    page = render_html(_with_disputes(export), built=False)
    r = row(page, "f9")
    sides = r.split('class="side"')[1:]
    assert len(sides) == 3
    assert "side 1:" in sides[0] and "2021-03-03" in sides[0] and "2 documents" in sides[0]
    assert 'href="#doc-d1"' in sides[0] and 'href="#doc-d3"' in sides[0] and 'href="#doc-d2"' not in sides[0]
    assert "according to <b>Free Coast Front</b>" in sides[1]
    assert "the document itself" in sides[2]
    # the quote from d5 holds a script: it shows as text
    assert "&lt;script&gt;window.pwned = 1;" in sides[2] and "<script>window" not in r
    assert "aligned because:" in r and "same happening to the same named theme" in r
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in r and "<script>alert(9)" not in r
    assert "confidence 0.65" in r
    # without groups, each mention is its own card, as before
    assert 'class="side"' not in row(page, "f2") and row(page, "f2").count('class="ev ') == 2


def test_markdown_and_csv_carry_sides_and_reasons(export, tmp_path):
    from rashomon.export import evidence_rows, to_markdown, write_csv

    data = _with_disputes(export)
    rows = [r for r in evidence_rows(data) if r["finding"] == "f9"]
    assert [(r["mention"], r["side"]) for r in rows] == [("d1.t1", 1), ("d3.t1", 1), ("d2.t1", 2), ("d5.t1", 3)]
    assert rows[2]["party"] == "Free Coast Front" and rows[3]["party"] == "(the document itself)"
    assert rows[0]["reasons"].startswith("same happening") and rows[0]["confidence"] == 0.65
    assert rows[0]["story"] == "Varn · Free Coast Front · 2021"
    md = to_markdown(data)
    assert "| side | document | value | qualifier | party | quote |" in md
    assert "Aligned because: same happening to the same named theme" in md and "(confidence 0.65)" in md
    assert "## Stories" in md and "s2: Leaked <i>memo</i> · convoy — d5" in md
    import csv

    out = tmp_path / "f.csv"
    write_csv(data, out)
    got = [r for r in csv.DictReader(out.open(encoding="utf-8")) if r["finding"] == "f9"]
    assert [r["side"] for r in got] == ["1", "1", "2", "3"] and got[0]["confidence"] == "0.65"


def test_a_vague_value_between_sides_is_shown_apart_not_as_a_side():
    from rashomon.export.tables import evidence_rows, finding_between, finding_sides

    f = {"id": "f1", "type": "conflict", "event": None, "what": "wind speed", "severity": "minor",
         "mentions": ["a", "b", "c"], "groups": [["a"], ["b"]], "explanation": "", "parties": [None, None, None]}
    assert finding_sides(f) == [["a"], ["b"]] and finding_between(f) == ["c"]
    text = "winds of 150 mph, 155 mph and around 155 mph"
    data = {"documents": [{"id": "d1", "file": "x.txt", "text": text}],
            "mentions": [{"id": k, "doc": "d1", "start": text.index(v), "end": text.index(v) + len(v), "text": v,
                          "value": int(v[-3:]), "qualifier": q, "attributed_to": None}
                         for k, v, q in (("a", "150", "exact"), ("b", "155", "exact"), ("c", "around 155", "about"))],
            "events": [], "findings": [f]}
    assert [r["side"] for r in evidence_rows(data)] == [1, 2, "between"]


def test_framing_names_the_users_groups_and_lists_only_names_that_differ(export):
    from rashomon.report.html import differing_labels, group_names, render_framing
    from rashomon.report.index import Index

    ex = copy.deepcopy(export)
    given = {"d1": "state media", "d3": "state media", "d2": "opposition"}
    for d in ex["documents"]:
        d["group"] = given.get(d["id"])
    lab = {"entity": "e3", "kind": "name", "mention": None, "quote": "in Varn"}
    ex["framing"]["labels"] += [dict(lab, doc=d, label="Varn") for d in ("d1", "d2", "d4")]   # named alike
    ex["framing"]["labels"] += [dict(lab, entity="e4", doc="d1", label="Colonel Maro"),
                                dict(lab, entity="e4", doc="d2", label="the butcher"),
                                dict(lab, entity="e4", doc="d4", label="Col. Maro"),
                                dict(lab, entity="e4", doc="d5", label="colonel maro")]   # case: one name
    ix = Index(ex)
    assert group_names(ix) == ["state media", "opposition", "no group"]
    order = [(ent, [r[0] for r in rows]) for ent, rows in differing_labels(ix)]
    assert order[0] == ("e4", ["Colonel Maro", "Col. Maro", "the butcher"])   # 3 names, most documents first
    assert "e3" not in dict(order)                                           # one name everywhere: left out
    html = render_framing(ix)
    assert "<b>state media</b>" in html and "<b>opposition</b>" in html and "Group 1" not in html
    assert "<td>opposition</td><td>regime</td>" in html                      # distinctive words by name


def test_a_stale_export_says_so_at_the_top(export):
    from rashomon.report import render_html

    assert "Analysis out of date" not in render_html(export)
    ex = copy.deepcopy(export)
    ex["analysis"] = {"stale": True}
    html = render_html(ex)
    assert '<main><p class=stale role=alert>Analysis out of date' in html
