"""The report and the web app in headless Chromium: timeline marks, jumping from a conflict to its quotes,
an injected script that must not run, and search in the running app.

Skipped when /usr/bin/chromium or the playwright package is missing. Set RASHOMON_SCREENSHOTS=1 to refresh
docs/report.png and docs/app.png.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")]
sync_api = pytest.importorskip("playwright.sync_api")

from rashomon.report import render_html  # noqa: E402
from rashomon.report.sample import build_sample_store, sample_export  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def screenshot(page, name: str) -> None:
    """Save docs/<name> when RASHOMON_SCREENSHOTS=1; never fail a test over it (docs/ may be read-only)."""
    if os.environ.get("RASHOMON_SCREENSHOTS") != "1":
        return
    try:
        page.screenshot(path=str(ROOT / "docs" / name))
    except Exception as e:  # noqa: BLE001
        print(f"screenshot {name} not saved: {e}")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """Dialogs, page errors and console messages (a CSP violation would show here)."""

    def __init__(self, page):
        self.dialogs, self.errors, self.console = [], [], []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(m.text))

    def refused(self) -> list[str]:
        """Console messages about something the page's Content-Security-Policy blocked, or a script error."""
        return [m for m in self.console if "Content Security Policy" in m or "Refused" in m] + self.errors


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    pg = ctx.new_page()
    pg.watch = Watch(pg)
    yield pg
    ctx.close()


@pytest.fixture(scope="module")
def report_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("browser")
    out = folder / "report.html"
    out.write_text(render_html(sample_export(folder / "sample.db")), encoding="utf-8")
    return out.as_uri()


N_EXTRA = 135      # documents added to the sample for the paged lists: more than one page of 100


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> dict:
    """The sample plus a document whose marks nest, cross, run past its end and follow an emoji, and
    N_EXTRA short bulletins, each with one statement and one inconsistency (self-written texts)."""
    import copy

    data = copy.deepcopy(sample_export(tmp_path_factory.mktemp("big") / "sample.db"))
    data["documents"].append({"id": "dz", "title": "Tricky spans", "text": "\U0001F600 abcdefghij </script><!-- end"})
    for mid, a, b, kind in (("dz.a", 2, 8, "date"), ("dz.b", 4, 6, "actor"), ("dz.c", 7, 10, "place"),
                            ("dz.d", 11, 400, "other"), ("dz.e", 9, 9, "other")):
        data["mentions"].append({"id": mid, "doc": "dz", "start": a, "end": b, "kind": kind, "text": "x"})
    for i in range(100, 100 + N_EXTRA):
        text = f"Bulletin {i}: the ferry to Varn left {i} minutes late."
        data["documents"].append({"id": f"d{i}", "title": f"Bulletin {i}", "text": text})
        start = text.index(f"left {i}") + 5
        data["mentions"].append({"id": f"d{i}.q1", "doc": f"d{i}", "start": start, "end": start + len(str(i)),
                                 "kind": "quantity", "text": str(i), "value": i})
        data["findings"].append({"id": f"g{i}", "type": "inconsistency", "event": None,
                                 "what": f"late bulletin {i}", "mentions": [f"d{i}.q1"], "severity": "minor",
                                 "explanation": "made up for the test", "parties": [None]})
    data["findings"].append({"id": "g999", "type": "inconsistency", "event": None, "what": "two pages apart",
                             "mentions": ["d1.t1", "d230.q1"], "severity": "minor",
                             "explanation": "its documents are on two pages of the list", "parties": [None, None]})
    return data


@pytest.fixture(scope="module")
def big_url(big_export, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("big-report") / "report.html"
    out.write_text(render_html(big_export), encoding="utf-8")
    return out.as_uri()


def in_viewport(page, element_id: str) -> bool:
    return page.evaluate("""id => { const r = document.getElementById(id).getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""", element_id)


# ---------------------------------------------------------------------------------------------- the report file
def test_timeline_renders_marks(page, report_url):
    page.goto(report_url)
    marks = page.locator(".tl-view:not([hidden]) svg .mark")
    assert marks.count() > 0
    assert page.locator(".tl-view:not([hidden]) svg .mark-range").count() == 2      # vague dates as ranges
    assert page.locator(".tl-view:not([hidden]) svg .conflict-marker").count() == 2
    box = page.locator('.tl-view:not([hidden]) circle[data-m="d1.t1"]').bounding_box()
    other = page.locator('.tl-view:not([hidden]) circle[data-m="d2.t1"]').bounding_box()
    assert box and other and abs(box["x"] - other["x"]) > 10                         # visibly separate
    # per party
    page.click("button.tl-mode[data-mode=party]")
    assert page.locator('.tl-view[data-mode=party]').is_visible()
    assert not page.locator('.tl-view[data-mode=doc]').is_visible()
    assert page.locator(".tl-view[data-mode=party] svg .mark").count() == marks.count()
    assert "Free Coast Front" in page.locator(".tl-view[data-mode=party] svg").text_content()
    page.click("button.tl-mode[data-mode=doc]")
    assert page.locator('.tl-view[data-mode=doc]').is_visible()
    assert not page.watch.refused(), page.watch.refused()


def test_clicking_a_conflict_shows_its_quotes(page, report_url):
    page.goto(report_url)
    assert not page.locator("#doc-d1").evaluate("d => d.open")
    page.click("#f-f1 td.fevent")
    # both quotes are highlighted, their documents opened, the first scrolled into view
    for mid in ("d1.t1", "d2.t1"):
        mark = page.locator(f'[id="m-{mid}"]')
        assert "active" in mark.get_attribute("class").split()
    assert page.locator("#doc-d1").evaluate("d => d.open") and page.locator("#doc-d2").evaluate("d => d.open")
    assert "active" in page.locator("#f-f1").get_attribute("class")
    page.wait_for_function("() => { const r = document.getElementById('m-d1.t1').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; }", timeout=5000)
    assert page.locator("#evbar").is_visible()
    assert "quote 1 of 2" in page.locator("#evbar-text").inner_text()
    # next quote: the other document's mark
    page.click("#evbar button[data-ev=next]")
    page.wait_for_function("() => { const r = document.getElementById('m-d2.t1').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; }", timeout=5000)
    assert in_viewport(page, "m-d2.t1") and "quote 2 of 2" in page.locator("#evbar-text").inner_text()
    # back to the table, then each card's link goes to its own quote
    page.click("#evbar button[data-ev=back]")
    page.wait_for_function("() => { const r = document.getElementById('f-f1').getBoundingClientRect();"
                           " return r.bottom > 0 && r.top < innerHeight; }", timeout=5000)
    page.click('#f-f2 a.ev-link[href="#m-d2.q1"]')
    page.wait_for_function("() => { const r = document.getElementById('m-d2.q1').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; }", timeout=5000)
    assert "active" in page.locator('[id="m-d2.q1"]').get_attribute("class")
    assert not page.watch.errors


def test_timeline_mark_jumps_to_its_sentence(page, report_url):
    page.goto(report_url)
    page.click('.tl-view:not([hidden]) a.mark-link[href="#m-d4.t1"]')
    page.wait_for_function("() => { const r = document.getElementById('m-d4.t1').getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; }", timeout=5000)
    assert "active" in page.locator('[id="m-d4.t1"]').get_attribute("class")


def test_opening_the_report_at_a_quote(page, report_url):
    page.goto(report_url + "#m-d3.q1")
    page.wait_for_function("() => document.getElementById('m-d3.q1').classList.contains('active')", timeout=5000)
    assert page.locator("#doc-d3").evaluate("d => d.open") and in_viewport(page, "m-d3.q1")


def test_injected_script_does_not_run(page, report_url):
    page.goto(report_url)
    page.click("#doc-d5 > summary")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.watch.dialogs == []
    text = page.locator("#doc-d5 .doc-text").inner_text()
    assert "<script>window.pwned = 1; alert('pwned')</script>" in text
    assert "<img src=x" in page.locator("#doc-d5 > summary").inner_text()
    assert page.locator("#doc-d5 script, #doc-d5 img").count() == 0


def test_table_filter(page, report_url):
    page.goto(report_url)
    page.fill('input[data-table="t-conflict"]', "soldiers")
    assert page.locator("#t-conflict tbody tr:visible").count() == 1
    page.fill('input[data-table="t-conflict"]', "")
    assert page.locator("#t-conflict tbody tr:visible").count() == 3


# ---------------------------------------------------------------------------------------------- on demand, paged
WALK = """el => { const walk = n => Array.from(n.childNodes).map(c => c.nodeType === 3 ? c.data :
    ["m", c.id, c.className, c.title, walk(c)]); return walk(el); }"""


def _tree_of(fragment: str) -> list:
    """highlight()'s HTML as the nested list WALK makes of the DOM: text, or ["m", id, class, title, children]."""
    from html.parser import HTMLParser

    root: list = []
    stack = [root]

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            node = ["m", a.get("id"), a.get("class"), a.get("title"), []]
            stack[-1].append(node)
            stack.append(node[4])

        def handle_endtag(self, tag):
            stack.pop()

        def handle_data(self, data):
            stack[-1].append(data)

    p = P(convert_charrefs=True)
    p.feed(fragment)
    p.close()
    return root


def _merged(nodes: list) -> list:
    out: list = []
    for n in nodes:
        if isinstance(n, str):
            if out and isinstance(out[-1], str):
                out[-1] += n
            elif n:
                out.append(n)
        else:
            out.append(n[:4] + [_merged(n[4])])
    return out


def test_opening_a_document_writes_its_marked_text(page, big_url, big_export):
    """A document's text is written when it is opened, marked exactly as the server-side highlight() would."""
    from rashomon.report import Index
    from rashomon.report.html import highlight

    page.goto(big_url)
    assert page.locator("#doc-d1 .doc-text mark").count() == 0 and page.locator("#doc-d1 .doc-text").inner_text() == ""
    ix = Index(big_export)
    for doc_id in ("d1", "d2", "d3", "d4", "d5", "dz"):
        page.evaluate("id => { const d = document.getElementById('doc-' + id); d.scrollIntoView(); }", doc_id)
        page.click(f"#doc-{doc_id} > summary")
        page.wait_for_function("id => document.querySelector('#doc-' + id + ' .doc-text').childNodes.length > 0",
                               arg=doc_id, timeout=5000)
        got = page.locator(f"#doc-{doc_id} .doc-text").evaluate(WALK)
        want = _tree_of(highlight(ix, ix.docs[doc_id]["text"], ix.by_doc.get(doc_id, [])))
        assert _merged(got) == _merged(want), doc_id
    assert page.locator("#doc-dz .doc-text").inner_text() == "\U0001F600 abcdefghij </script><!-- end"
    assert page.locator('#doc-dz [id="m-dz.b"]').inner_text() == "cd"
    assert page.evaluate("typeof window.pwned") == "undefined" and page.watch.dialogs == []
    assert not page.watch.refused(), page.watch.refused()


def test_a_link_to_a_mention_writes_its_document_and_shows_the_mark(page, big_url):
    page.goto(big_url)
    assert page.locator('[id="m-d2.q1"]').count() == 0                  # not written before it is needed
    page.click('#f-f2 a.ev-link[href="#m-d2.q1"]')
    page.wait_for_function("() => { const m = document.getElementById('m-d2.q1'); if (!m) return false;"
                           " const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
                           timeout=5000)
    assert "active" in page.locator('[id="m-d2.q1"]').get_attribute("class").split()
    assert page.locator("#doc-d2").evaluate("d => d.open")
    # a mention in a document on the second page of the list, from the page's address
    page.goto(big_url + "#m-d230.q1")
    page.wait_for_function("() => { const m = document.getElementById('m-d230.q1');"
                           " return m && m.classList.contains('active'); }", timeout=5000)
    assert in_viewport(page, "m-d230.q1") and page.locator('[id="m-d230.q1"]').inner_text() == "230"
    assert page.locator("#doc-d230").is_visible() and page.locator("#doc-d230").evaluate("d => d.open")
    assert not page.watch.refused(), page.watch.refused()


def test_long_lists_are_paged_and_filtered_across_pages(page, big_url):
    page.goto(big_url)
    docs = page.locator("#doclist > details.doc")
    n = 5 + 1 + N_EXTRA
    docs.first.wait_for()
    assert docs.count() == 100                     # only the page shown is built (from the page's data)
    assert page.locator("#doclist > details.doc:visible").count() == 100
    assert page.locator("#doc-d200").count() == 0
    status = page.locator("#documents .pg-status")
    assert status.inner_text() == f"1–100 of {n}"
    page.click("#documents .pg-next")
    assert page.locator("#doclist > details.doc:visible").count() == n - 100 == docs.count()
    assert page.locator("#doc-d200").is_visible() and not page.locator("#doc-d1").is_visible()
    assert status.inner_text() == f"101–{n} of {n}"
    assert page.locator("#documents .pg-next").is_disabled()
    page.click("#documents .pg-prev")
    assert page.locator("#doc-d1").is_visible()
    # the findings table: a page at a time, its filter searching every row, not only those shown
    table = page.locator("table.findings:has(#f-g100)")
    tid = table.get_attribute("id")
    assert page.locator(f"#{tid} tbody tr:visible").count() == 100
    assert page.locator("#f-g230").count() == 0
    page.fill(f'input[data-table="{tid}"]', "late bulletin 230")
    assert page.locator(f"#{tid} tbody tr:visible").count() == 1 and page.locator("#f-g230").is_visible()
    page.fill(f'input[data-table="{tid}"]', "")
    assert page.locator(f"#{tid} tbody tr:visible").count() == 100
    page.fill('input[data-list="doclist"]', "Bulletin 231")
    assert page.locator("#doclist > details.doc:visible").count() == 1 and page.locator("#doc-d231").is_visible()
    # a link to a finding on another page shows that page
    page.fill('input[data-list="doclist"]', "")
    page.goto(big_url + "#f-g229")
    page.wait_for_function("() => { const r = document.getElementById('f-g229').getBoundingClientRect();"
                           " return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }", timeout=5000)
    assert not page.watch.refused(), page.watch.refused()


def test_a_finding_on_the_second_page_is_reached_by_its_link_with_its_quotes(page, big_url):
    """A finding row on page 2 of its table is not in the page until asked for: its link builds that page,
    shows the row and its quote; clicking it opens its document at the quote."""
    page.goto(big_url + "#f-g229")
    page.wait_for_function("() => { const r = document.getElementById('f-g229');"
                           " return r && r.getBoundingClientRect().height > 0; }", timeout=5000)
    row = page.locator("#f-g229")
    assert "active" in row.get_attribute("class").split()
    assert row.locator("blockquote.ev-quote").inner_text() == "Bulletin 229: the ferry to Varn left 229 minutes late."
    assert row.locator("blockquote.ev-quote mark.q").inner_text() == "229"
    table = page.locator("table.findings:has(#f-g229)")
    tid = table.get_attribute("id")
    assert page.locator(f"#{tid} tbody tr").count() == N_EXTRA - 100      # only page 2 is in the table now
    assert page.locator(f"#{tid} ~ .pg .pg-status, .pg:has(+ #{tid}) .pg-status").first.inner_text() == \
        f"101–{N_EXTRA} of {N_EXTRA}"
    row.locator("td.fevent").click()
    page.wait_for_function("() => { const m = document.getElementById('m-d229.q1');"
                           " return m && m.classList.contains('active'); }", timeout=5000)
    assert page.locator("#doc-d229").evaluate("d => d.open") and in_viewport(page, "m-d229.q1")
    # a link from a document's findings to a row on the other page of the table
    page.goto(big_url + "#doc-d120")
    page.wait_for_function("() => document.getElementById('doc-d120') && document.getElementById('doc-d120').open",
                           timeout=5000)
    page.click('#doc-d120 a[href="#f-g120"]')
    page.wait_for_function("() => { const r = document.getElementById('f-g120');"
                           " return r && r.getBoundingClientRect().height > 0; }", timeout=5000)
    assert page.locator("#f-g229").count() == 0                          # page 1 shown instead of page 2
    assert not page.watch.refused(), page.watch.refused()


def test_a_finding_whose_quotes_are_on_two_pages_of_the_documents_walks_through_both(page, big_url):
    page.goto(big_url)
    page.locator('[id="f-g999"] td.fevent').click()
    page.wait_for_function("() => { const m = document.getElementById('m-d1.t1');"
                           " return m && m.classList.contains('active'); }", timeout=5000)
    assert in_viewport(page, "m-d1.t1") and "quote 1 of 2" in page.locator("#evbar-text").inner_text()
    page.click("#evbar button[data-ev=next]")               # the other document: the list's second page
    page.wait_for_function("() => { const m = document.getElementById('m-d230.q1'); if (!m) return false;"
                           " const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
                           timeout=5000)
    assert "active" in page.locator('[id="m-d230.q1"]').get_attribute("class").split()
    assert page.locator("#doc-d230").evaluate("d => d.open") and page.locator("#doc-d1").count() == 0
    page.click("#evbar button[data-ev=next]")               # and back to the first page
    page.wait_for_function("() => { const m = document.getElementById('m-d1.t1');"
                           " return m && m.getBoundingClientRect().height > 0; }", timeout=5000)
    assert "quote 1 of 2" in page.locator("#evbar-text").inner_text()
    page.click("#evbar button[data-ev=back]")
    assert page.locator('[id="f-g999"]').count() == 1
    assert not page.watch.refused(), page.watch.refused()


CANON = """el => { const c = n => n.nodeType === 3 ? n.data : n.nodeType !== 1 ? "" :
    [n.localName, Array.from(n.attributes).filter(a => a.name !== "xmlns").map(a => a.name + "=" + a.value).sort(),
     Array.from(n.childNodes).map(c)]; return c(el); }"""


def _canon(node):
    if isinstance(node, str):
        return node
    name, attrs, kids = node
    out: list = []
    for k in map(_canon, kids):
        if isinstance(k, str):
            if out and isinstance(out[-1], str):
                out[-1] += k
            elif k:
                out.append(k)
        else:
            out.append(k)
    return [name, attrs, out]


@pytest.fixture(scope="module")
def parity_urls(tmp_path_factory):
    """The sample with a finding of three sides and a vague value between them, and a document whose quote
    and title try to close the script element: the report built by report.js, and written out as HTML."""
    import copy

    data = copy.deepcopy(sample_export(tmp_path_factory.mktemp("parity") / "sample.db"))
    data["findings"].append({
        "id": "f9", "type": "conflict", "event": "v1", "what": "date of: the bridge destroyed",
        "mentions": ["d1.t1", "d3.t1", "d2.t1", "d5.t1", "d4.t1"], "severity": "major",
        "explanation": "3 incompatible values", "parties": ["Ministry of Defence", "Ministry of Defence",
                                                            "Free Coast Front", None, None],
        "independent": True, "confidence": 0.65, "groups": [["d1.t1", "d3.t1"], ["d2.t1"], ["d5.t1"]],
        "reasons": ["same happening", "<script>alert(9)</script>"]})
    evil = "Before. The toll was </script><script>window.owned=1</script><!-- 12 --> dead. \U0001F600 After 7."
    data["documents"].append({"id": "d9", "title": "Evil </script> title", "outlet": "<b>x</b>", "text": evil,
                              "url": "javascript:alert(1)", "author": "<i>a</i>"})
    s = evil.index("12")
    data["mentions"] += [{"id": "d9.q1", "doc": "d9", "start": s, "end": s + 2, "kind": "quantity", "text": "12",
                          "value": 12, "qualifier": "</script>", "predicate": "<b>died</b>"},
                         {"id": "x9", "doc": "d9", "start": len(evil) - 2, "end": len(evil) - 1, "kind": "other",
                          "text": "7"}]
    data["findings"].append({"id": "f99", "type": "inconsistency", "event": None, "what": "</script><b>x</b>",
                             "mentions": ["d9.q1", "x9", "nowhere"], "severity": "<b>big</b>",
                             "explanation": "<!-- -->", "parties": ["</script>"]})
    folder = tmp_path_factory.mktemp("parity-report")
    built, full = folder / "built.html", folder / "full.html"
    built.write_text(render_html(data), encoding="utf-8")
    full.write_text(render_html(data, built=False), encoding="utf-8")
    return built.as_uri(), full.as_uri()


def test_what_report_js_builds_is_what_the_server_writes(browser, parity_urls):
    """Every finding row, document, dossier, framing row and both timelines that report.js builds from the
    page's data are the elements html.py writes out (the web app's views), attribute for attribute."""
    built_url, full_url = parity_urls
    pages = []
    for url in (built_url, full_url):
        ctx = browser.new_context(viewport={"width": 1280, "height": 860})
        pg = ctx.new_page()
        pg.watch = Watch(pg)
        pg.goto(url)
        pages.append(pg)
    built, full = pages
    built.click("button.tl-mode[data-mode=party]")                 # the party view is drawn when shown
    selectors = ["tr.finding", "li.story", "table.events tr", "details.doc", "details.dossier", "table.labels tr", "table.predicates tr",
                 "table.distinctive tr", "ol.groups > li", ".tl-view svg"]
    for sel in selectors:
        got = [_canon(x) for x in built.locator(sel).evaluate_all(f"els => els.map({CANON})")]
        want = [_canon(x) for x in full.locator(sel).evaluate_all(f"els => els.map({CANON})")]
        assert len(got) == len(want) > 0, sel
        for g, w in zip(got, want):
            assert g == w, sel
    assert built.locator('[id="f-f99"] blockquote').first.text_content() == \
        "The toll was </script><script>window.owned=1</script><!-- 12 --> dead."
    assert built.evaluate("typeof window.owned") == "undefined" and built.watch.dialogs == []
    for pg in pages:
        assert not pg.watch.refused(), pg.watch.refused()
        pg.context.close()


def test_report_screenshot(page, report_url):
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(report_url)
    assert page.locator("svg.timeline").first.is_visible()
    screenshot(page, "report.png")


# ---------------------------------------------------------------------------------------------- the web app
@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    import uvicorn

    from rashomon.web import create_app

    db = tmp_path_factory.mktemp("app") / "sample.db"
    build_sample_store(db).close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_app_search_finds_a_phrase(page, app_url):
    page.goto(app_url + "/search")
    page.fill('input[name="q"]', '"ferry" OR "bridge at Varn"')
    page.press('input[name="q"]', "Enter")
    page.wait_for_selector("ol.results li")
    results = page.locator("ol.results li")
    assert results.count() == 4
    assert "Varn bridge destroyed, ministry says" in page.locator("ol.results").inner_text()
    assert page.locator("ol.results mark").first.inner_text() == "bridge at Varn"
    page.fill('input[name="q"]', '"unbalanced')
    page.press('input[name="q"]', "Enter")
    page.wait_for_selector("p.error")
    assert "malformed search query" in page.locator("p.error").inner_text()
    assert not page.watch.refused(), page.watch.refused()


def test_app_conflict_row_opens_its_document(page, app_url):
    page.goto(app_url + "/conflicts?party=Free+Coast+Front")
    assert page.locator("tr.finding").count() == 3
    page.click("#f-f1 td.fevent")
    page.wait_for_url("**/documents/d1#m-d1.t1")
    page.wait_for_function("() => document.getElementById('m-d1.t1').classList.contains('active')", timeout=5000)
    assert in_viewport(page, "m-d1.t1")
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.goto(app_url + "/documents/d5")
    assert page.evaluate("typeof window.pwned") == "undefined" and page.watch.dialogs == []
    assert not page.watch.refused(), page.watch.refused()


def test_app_screenshot(page, app_url):
    page.goto(app_url + "/conflicts")
    assert page.locator("tr.finding").count() == 3
    screenshot(page, "app.png")


# ---------------------------------------------------------------------------------------------- the app's own pages
def test_app_docs_render_offline(page, app_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(app_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=15000)
    assert page.locator(".swagger-ui").count() >= 1
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any(p.replace("\u200b", "") == "/api/findings" for p in paths), paths
    assert requests and all(u.startswith(app_url + "/") for u in requests), requests    # nothing leaves localhost
    assert app_url + "/docs/openapi-3.0.json" in requests
    assert app_url + "/static/swagger/swagger-ui-bundle.js" in requests
    # and it runs: try /api/findings from the page
    page.click("#operations-default-api_findings_api_findings_get .opblock-summary-control")
    page.click("#operations-default-api_findings_api_findings_get button.try-out__btn")
    page.click("#operations-default-api_findings_api_findings_get button.execute")
    # the server's answer, not the documented example beside it (which the page shows first)
    body = page.locator("#operations-default-api_findings_api_findings_get .live-responses-table .highlight-code")
    body.first.wait_for(timeout=10000)
    assert '"id": "f1"' in body.first.inner_text()
    assert all(u.startswith(app_url + "/") for u in requests), requests
    assert not page.watch.refused(), page.watch.refused()


def test_app_entity_page(page, app_url):
    page.goto(app_url + "/entities")
    page.click("#e-e4 summary a.page-link")
    page.wait_for_url("**/entities/e4")
    assert page.locator("h1").inner_text().startswith("Idris Maro")
    assert page.locator("#t-names tbody tr").count() == 3 and "Col. Maro" in page.locator("#t-names").inner_text()
    assert page.locator("#t-docs tbody tr").count() == 3
    page.click('#t-findings a[href="/findings/f7"]')
    page.wait_for_url("**/findings/f7")
    assert "f7" in page.locator("h1").inner_text()
    assert not page.watch.refused(), page.watch.refused()


def test_app_story_page(page, app_url):
    page.goto(app_url + "/stories")
    page.click("#story-s2 a.page-link")
    page.wait_for_url("**/stories/s2")
    assert page.locator("h1").inner_text() == "Leaked <i>memo</i> · convoy"       # shown as text, not markup
    assert page.locator("h1 i, main img, main script").count() == 0
    assert page.locator("#t-docs tbody tr").count() == 1 and page.locator("#t-findings tbody tr").count() == 1
    page.click("#t-docs a.doc-ref")
    page.wait_for_url("**/documents/d5")
    assert page.evaluate("typeof window.pwned") == "undefined" and page.watch.dialogs == []
    assert not page.watch.refused(), page.watch.refused()


def test_app_finding_page(page, app_url):
    page.goto(app_url + "/conflicts")
    page.click("#f-f2 td.fid a")
    page.wait_for_url("**/findings/f2")
    assert page.locator("h1").inner_text() == "Conflict f2: soldiers killed"
    rows = page.locator("#t-evidence tbody tr")
    assert rows.count() == 2
    assert "more than 300 soldiers were killed" in rows.nth(1).inner_text() and "side 2" in rows.nth(1).inner_text()
    rows.nth(1).locator("a.ev-link").click()
    page.wait_for_url("**/documents/d2#m-d2.q1")
    page.wait_for_function("() => document.getElementById('m-d2.q1').classList.contains('active')", timeout=5000)
    assert not page.watch.refused(), page.watch.refused()
