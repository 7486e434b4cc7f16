"""The web app's page per entity, story and finding, the links to them from the listings, and the offline
OpenAPI docs at /docs (its local assets, its own Content-Security-Policy, and a clear 404 without them)."""
from __future__ import annotations

import base64
import hashlib
import re
import sys
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from conftest import set_entity_aliases, set_finding_quotes
from rashomon.store import Store
from rashomon.web import create_app

HOSTILE = '<script>window.pwned=1</script>Maro "the <b>Ferryman</b>"'


def main(html: str) -> str:
    return html[html.index("<main>"):html.index("</main>")]


def section(html: str, heading: str) -> str:
    """The HTML from an <h2> to the next one (or the end of <main>)."""
    body = main(html)
    start = body.index(f"<h2>{heading}</h2>")
    end = body.find("<h2>", start + 1)
    return body[start:end if end > 0 else len(body)]


def hrefs(html: str, prefix: str) -> list[str]:
    return re.findall(rf'href="({re.escape(prefix)}[^"#?]*)"', html)


# ---------------------------------------------------------------------------------------------- entity
def test_entity_page(client):
    r = client.get("/entities/e4")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<h1>Idris Maro <span class="badge type">PERSON</span></h1>' in html
    names = section(html, "Names and spellings")
    rows = {re.search(r"<b>([^<]*)</b>", row).group(1): row for row in re.findall(r"<tr><td>.*?</tr>", names)}
    assert list(rows) == ["Idris Maro", "Colonel Idris Maro", "Col. Maro"]
    assert "no document uses this spelling" in rows["Idris Maro"]
    assert hrefs(rows["Colonel Idris Maro"], "/documents/") == ["/documents/d1", "/documents/d4"]
    assert hrefs(rows["Col. Maro"], "/documents/") == ["/documents/d2"]
    assert hrefs(section(html, "Findings that involve it"), "/findings/") == ["/findings/f7"]
    assert 'href="/events#v-v3"' in section(html, "Events")
    docs = section(html, "Documents that name it")
    assert re.findall(r"<tr><td>(d\d)</td>", docs) == ["d1", "d2", "d4"]
    assert 'href="/documents/d2#m-d2.n4">Col. Maro</a>' in docs
    assert "3 mentions in 3 documents · 1 finding · 1 event" in html


def test_entity_page_lists_labels_and_escapes_them(client):
    html = client.get("/entities/e5").text
    assert "Convoy &quot;&lt;b&gt;7&lt;/b&gt;&quot;" in html and "<b>7</b>" not in html
    labels = section(html, "What the documents call it")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in labels and "&lt;img src=x onerror=alert(3)&gt;" in labels
    assert hrefs(section(html, "Findings that involve it"), "/findings/") == ["/findings/f6"]
    assert "window.pwned=1&lt;/script&gt;" in html               # f6's explanation, escaped
    assert len(re.findall(r"<script", html)) == 2 and "<img" not in html


# ---------------------------------------------------------------------------------------------- story
def test_story_page(client):
    html = client.get("/stories/s1").text
    assert "<h1>Varn · Free Coast Front · 2021</h1>" in html
    assert "4 documents · 3 conflicts · 3 agreements · 0 inconsistencies" in html
    docs = section(html, "Documents")
    assert hrefs(docs, "/documents/") == ["/documents/d1", "/documents/d2", "/documents/d3", "/documents/d4"]
    found = sorted(set(hrefs(section(html, "Findings"), "/findings/")))
    assert found == [f"/findings/f{i}" for i in (1, 2, 3, 4, 5, 7)]
    events = section(html, "Events")
    assert re.findall(r'href="/events#(v-v\d)"', events) == ["v-v1", "v-v2", "v-v3"]
    assert 'href="/entities/e4">Idris Maro</a>' in events
    other = client.get("/stories/s2").text
    assert hrefs(section(other, "Documents"), "/documents/") == ["/documents/d5"]
    assert hrefs(section(other, "Findings"), "/findings/") == ["/findings/f6"]
    assert "<h1>Leaked &lt;i&gt;memo&lt;/i&gt; · convoy</h1>" in other and "<i>memo</i>" not in other
    assert "&lt;img src=x" in other and len(re.findall(r"<script", other)) == 2


# ---------------------------------------------------------------------------------------------- finding
def facts(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr><th scope="row">([^<]*)</th><td>(.*?)</td></tr>', html))


def test_finding_page(client):
    html = client.get("/findings/f1").text
    assert "<h1>Conflict f1: date</h1>" in html
    fx = facts(html)
    assert "conflict" in fx["kind"] and fx["attribute"] == "date" and fx["severity"] == "major"
    assert 'href="/events#v-v1">Varn bridge destroyed</a>' in fx["event"]
    assert 'href="/stories/s1"' in fx["story"] and fx["confidence"] == "0.80"
    assert re.findall(r"<li>(.*?)</li>", fx["aligned because"]) == ["same happening to the same named theme",
                                                                    "the same place: &lt;Varn&gt;"]
    assert re.findall(r"<b>([^<]*)</b>|>([^<>]+)</span>", fx["parties"]) == [
        ("", "Ministry of Defence"), ("", "Free Coast Front")]
    assert "d1 (Ministry of Defence) says 2021-03-03" in fx["explanation"]
    assert hrefs(fx["entities"], "/entities/") == ["/entities/e3", "/entities/e1", "/entities/e2"]
    rows = re.findall(r'<tr id="ev-([^"]+)".*?</tr>', html)
    assert rows == ["d1.t1", "d2.t1"]
    evidence = section(html, "Values by side")
    first, second = evidence.split('<tr id="ev-')[1:]
    assert "<td>side 1</td>" in first and '<b class="val">2021-03-03</b>' in first and "Ministry of Defence" in first
    assert "The Varn bridge was destroyed on <mark" in first and 'href="/documents/d1#m-d1.t1"' in first
    assert "<td>side 2</td>" in second and '<b class="val">2021-03-09</b>' in second
    assert "say the bridge at Varn fell on <mark" in second and 'href="/documents/d2"' in second
    assert 'href="/conflicts?id=f1#f-f1"' in html


def test_finding_page_agreement_and_self_party(client):
    fx = facts(client.get("/findings/f4").text)
    assert fx["independent sources"] == "no: the same text, republished" and "severity" not in fx
    f3 = client.get("/findings/f3").text
    assert "the document itself" in section(f3, "Values by side")
    assert "Evening Post (itself)" in facts(f3)["parties"]


def test_finding_page_shows_sides_of_a_grouped_finding(db):
    with Store(db) as store:     # f1 as one dispute: two agreeing sources on side 1, d5's quote on side 2
        set_finding_quotes(store, "f1", ["d1.t1", "d3.t1", "d5.t1"], ["Ministry of Defence"] * 2 + [None],
                           [["d1.t1", "d3.t1"], ["d5.t1"]])
        store.db.commit()
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        html = c.get("/findings/f1").text
        sides = re.findall(r'<tr id="ev-([^"]+)" data-m="[^"]+"><td>([^<]+)</td>', html)
        assert sides == [("d1.t1", "side 1"), ("d3.t1", "side 1"), ("d5.t1", "side 2")]
        assert "&lt;script&gt;window.pwned = 1;" in html and "<script>window" not in html
        assert "3 statements in 3 documents" in facts(html)["evidence"]


# ---------------------------------------------------------------------------------------------- unknown ids, escaping
@pytest.mark.parametrize("url,message", [
    ("/entities/e99", "no entity &#x27;e99&#x27;"), ("/stories/s9", "no story &#x27;s9&#x27;"),
    ("/findings/f99", "no finding &#x27;f99&#x27;"),
    ("/findings/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
     "no finding &#x27;&lt;img src=x onerror=alert(1)&gt;&#x27;")])
def test_unknown_id_is_a_404_page(client, url, message):
    r = client.get(url)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert f'<p class="error">{message}</p>' in r.text
    assert "<img src=x" not in r.text


def test_new_pages_escape_a_hostile_name(db):
    with Store(db) as store:
        store.db.execute("UPDATE entities SET canonical = ? WHERE id = 'e4'", (HOSTILE,))
        set_entity_aliases(store, "e4", ['"><img src=x onerror=alert(1)>'])
        store.db.execute("UPDATE stories SET label = ? WHERE id = 's1'", (HOSTILE,))
        store.db.execute("UPDATE findings SET what = ? WHERE id = 'f7'", (HOSTILE,))
        store.db.execute("DELETE FROM finding_reasons WHERE finding = 'f7'")
        store.db.execute("INSERT INTO finding_reasons VALUES ('f7', 0, ?)", (HOSTILE,))
        store.db.commit()
    escaped = "&lt;script&gt;window.pwned=1&lt;/script&gt;Maro &quot;the &lt;b&gt;Ferryman&lt;/b&gt;&quot;"
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        for url in ("/entities/e4", "/stories/s1", "/findings/f7", "/entities", "/stories", "/conflicts", "/events"):
            html = c.get(url).text
            assert escaped in html, url
            assert "<script>window.pwned" not in html and "<b>Ferryman" not in html and "<img src=x" not in html, url
            assert len(re.findall(r"<script", html)) == 2, url
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in c.get("/entities/e4").text
        assert f'<a class="page-link" href="/entities/e4"><b>{escaped}</b></a>' in c.get("/entities").text


# ---------------------------------------------------------------------------------------------- listings link to pages
def test_listings_link_each_row_to_its_page(client):
    entities = client.get("/entities").text
    linked = sorted(re.findall(r'<a class="page-link" href="/entities/(e\d)">', entities))
    assert linked == [f"e{i}" for i in range(1, 6)]
    stories = client.get("/stories").text
    assert re.findall(r'<a class="page-link" href="/stories/(s\d)">', stories) == ["s1", "s2"]
    for url, ids in (("/conflicts", ["f1", "f2", "f7"]), ("/agreements", ["f3", "f4", "f5"]),
                     ("/inconsistencies", ["f6"])):
        html = client.get(url).text
        assert re.findall(r'<td class="fid"><a href="/findings/(f\d)">', html) == ids, url
        assert 'href="/stories/s' in html, url
    events = client.get("/events").text
    row = re.search(r'<tr id="v-v3">.*?</tr>', events).group(0)
    assert 'href="/entities/e4"' in row and 'href="/findings/f7"' in row
    assert 'href="/findings/f1"' in client.get("/documents/d2").text


def test_pages_need_the_token(db):
    with TestClient(create_app(db, token="tok-123"), base_url="http://127.0.0.1") as c:
        for url in ("/entities/e4", "/stories/s1", "/findings/f1", "/docs", "/static/swagger/swagger-ui.css",
                    "/api/findings?format=csv"):
            assert c.get(url).status_code == 401, url
        assert c.get("/findings/f1?token=tok-123").status_code == 200
        for url in ("/entities/e4", "/stories/s1", "/docs", "/static/swagger/swagger-ui.css", "/api/openapi.json"):
            assert c.get(url).status_code == 200, url           # the cookie the ?token= visit set


# ---------------------------------------------------------------------------------------------- /docs
def test_docs_page_loads_only_local_assets(client):
    r = client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<div id="swagger-ui">' in html and "url: '/docs/openapi-3.0.json'" in html
    refs = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sorted(refs) == ["/static/swagger/favicon-32x32.png", "/static/swagger/swagger-ui-bundle.js",
                            "/static/swagger/swagger-ui.css"]
    assert "http" not in html and "//" not in html.replace("<!--", "")          # no CDN, no absolute URL
    js = client.get("/static/swagger/swagger-ui-bundle.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"] and "SwaggerUIBundle" in js.text
    css = client.get("/static/swagger/swagger-ui.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css") and ".swagger-ui" in css.text
    assert client.get("/static/swagger/favicon-32x32.png").headers["content-type"] == "image/png"
    for name in ("index.html", "swagger-initializer.js", "..%2F..%2F__init__.py", "nope.js"):
        assert client.get(f"/static/swagger/{name}").status_code == 404, name


def test_docs_page_has_its_own_csp_and_others_stay_strict(client):
    r = client.get("/docs")
    csp = r.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", r.text, flags=re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    script_src = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert script_src == ["'self'", f"'sha256-{digest}'"]
    assert "unsafe" not in csp and "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and r.headers["x-content-type-options"] == "nosniff"
    for url in ("/conflicts", "/findings/f1", "/entities/e4", "/stories/s1", "/entities/e99"):
        other = client.get(url).headers["content-security-policy"]
        assert "'self'" not in re.search(r"script-src ([^;]*)", other).group(1), url
        assert digest not in other, url


def test_openapi_schema(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    schema = r.json()
    assert schema["info"]["title"] == "rashomon"
    for path in ("/api/documents", "/api/findings", "/api/stories", "/api/entities", "/api/events", "/api/search"):
        params = {p["name"]: p for p in schema["paths"][path]["get"].get("parameters", [])}
        assert params["format"]["in"] == "query" and "csv" in params["format"]["description"], path
    assert "/docs" not in schema["paths"] and not any(p.startswith(("/static", "/docs")) for p in schema["paths"])
    assert schema["openapi"].startswith("3.1")


def test_docs_read_a_30_rendering_of_the_schema(client):
    """Swagger UI 4 reads OpenAPI 3.0 only: /docs gets the same schema with a 3.0 version field."""
    original = client.get("/api/openapi.json").json()
    r = client.get("/docs/openapi-3.0.json")
    assert r.status_code == 200
    view = r.json()
    assert view["openapi"] == "3.0.3" and view["paths"].keys() == original["paths"].keys()
    assert view["paths"]["/api/findings"] == original["paths"]["/api/findings"]


def test_as_openapi_30_turns_null_types_into_nullable():
    from rashomon.web.apidocs import as_openapi_30

    doc = {"openapi": "3.1.0", "components": {"schemas": {"X": {"properties": {
        "a": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "A"},
        "b": {"anyOf": [{"$ref": "#/components/schemas/Y"}, {"type": "null"}]},
        "c": {"type": ["integer", "null"], "examples": [3]},
        "d": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}}}}
    props = as_openapi_30(doc)["components"]["schemas"]["X"]["properties"]
    assert as_openapi_30(doc)["openapi"] == "3.0.3" and doc["openapi"] == "3.1.0"          # a copy
    assert props["a"] == {"type": "string", "title": "A", "nullable": True}
    assert props["b"] == {"anyOf": [{"$ref": "#/components/schemas/Y"}], "nullable": True}
    assert props["c"] == {"type": "integer", "nullable": True, "example": 3}
    assert props["d"] == {"anyOf": [{"type": "string"}, {"type": "integer"}]}


def test_docs_without_swagger_ui_bundle_is_a_clear_404(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "swagger_ui_bundle", None)      # `import swagger_ui_bundle` fails
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        r = c.get("/docs")
        assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
        assert "The API docs are not available: the swagger-ui-bundle package is not installed" in r.text
        assert "/api/openapi.json" in r.text and "default-src 'none'" in r.headers["content-security-policy"]
        assert c.get("/static/swagger/swagger-ui-bundle.js").status_code == 404
        assert c.get("/api/openapi.json").status_code == 200 and c.get("/conflicts").status_code == 200
