"""`?format=csv` on the JSON listings: text/csv with a filename, a header row, one row per listed item,
lists joined with '; ', formula-like cells defused, and a one-line 400 for an unknown format."""
from __future__ import annotations

import csv
import io
import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from conftest import set_entity_aliases
from rashomon.store import Store
from rashomon.web import create_app
from rashomon.web.csv_out import cell, to_csv

LISTINGS = [  # url, JSON key, CSV name, header
    ("/api/documents", "documents", "documents",
     "id,file,title,outlet,published,author,url,group,story,length,mentions,findings"),
    ("/api/findings", "findings", "findings",
     "id,type,what,event,event_label,story,story_label,severity,independent,confidence,explanation,parties,"
     "mentions,groups,documents,values,qualifiers,quotes,reasons"),
    ("/api/stories", "stories", "stories", "id,label,documents,terms"),
    ("/api/entities", "entities", "entities", "id,canonical,type,aliases,mentions,documents,events"),
    ("/api/events", "events", "events", "id,label,date,predicate,entities,mentions,documents,findings"),
    ("/api/search?q=Varn", "results", "search", "id,title,snippet"),
]


def with_format(url: str, fmt: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}format={fmt}"


def read_csv(r) -> tuple[list[str], list[dict]]:
    assert r.status_code == 200, r.text
    lines = r.text.splitlines()
    return lines[0].split(","), list(csv.DictReader(io.StringIO(r.text)))


@pytest.mark.parametrize("url,key,name,header", LISTINGS)
def test_csv_listing_matches_the_json_one(client, url, key, name, header):
    items = client.get(url).json()[key]
    assert items, url
    r = client.get(with_format(url, "csv"))
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == f'attachment; filename="rashomon-{name}.csv"'
    head, rows = read_csv(r)
    assert ",".join(head) == header
    assert [row["id"] for row in rows] == [item["id"] for item in items]
    assert client.get(with_format(url, "json")).json()[key] == items          # explicit json: the default


def test_csv_rows_are_flat(client):
    _, ents = read_csv(client.get("/api/entities?format=csv"))
    e4 = next(e for e in ents if e["id"] == "e4")
    assert e4["aliases"] == "Colonel Idris Maro; Col. Maro" and e4["documents"] == "d1; d2; d4" and e4["events"] == "v3"
    e5 = next(e for e in ents if e["id"] == "e5")
    assert e5["canonical"] == 'Convoy "<b>7</b>"' and e5["mentions"] == ""          # CSV is data, not HTML
    _, fs = read_csv(client.get("/api/findings?format=csv"))
    by = {f["id"]: f for f in fs}
    f1 = by["f1"]
    assert f1["parties"] == "Ministry of Defence; Free Coast Front" and f1["values"] == "2021-03-03; 2021-03-09"
    assert f1["documents"] == "d1; d2" and f1["groups"] == "d1.t1; d2.t1" and f1["confidence"] == "0.8"
    assert f1["quotes"] == ("The Varn bridge was destroyed on March 3, 2021, the Ministry of Defence said on Monday.; "
                            "Fighters of the Free Coast Front say the bridge at Varn fell on March 9, 2021.")
    assert f1["reasons"] == "same happening to the same named theme; the same place: <Varn>"
    assert by["f4"]["independent"] == "false" and by["f2"]["qualifiers"] == "exact; over"
    assert by["f2"]["severity"] == "major" and by["f3"]["severity"] == ""
    _, stories = read_csv(client.get("/api/stories?format=csv"))
    assert stories[0]["documents"] == "d1; d2; d3; d4" and stories[1]["label"] == "Leaked <i>memo</i> · convoy"


def test_csv_follows_filters_and_paging(client):
    _, rows = read_csv(client.get("/api/findings?type=conflict&party=Ministry+of+Defence&format=csv"))
    assert [r["id"] for r in rows] == ["f1", "f2"]
    _, rows = read_csv(client.get("/api/documents?offset=1&limit=2&format=csv"))
    assert [r["id"] for r in rows] == ["d2", "d3"]
    _, rows = read_csv(client.get("/api/search", params={"q": '"bridge at Varn"', "format": "csv"}))
    assert sorted(r["id"] for r in rows) == ["d1", "d2", "d3", "d4"] and "[bridge at Varn]" in rows[0]["snippet"]
    assert client.get("/api/findings?type=rumour&format=csv").status_code == 400


def test_csv_defuses_formulas(db):
    with Store(db) as store:      # names a hostile document could give
        store.db.execute("UPDATE entities SET canonical = ? WHERE id = 'e4'", ('=HYPERLINK("http://evil.example","open")',))
        set_entity_aliases(store, "e4", ["+1+2", "@SUM(A1:A9)", "-3+4"])
        store.db.execute("UPDATE stories SET label = ? WHERE id = 's2'", ("=cmd|' /C calc'!A0",))
        store.db.execute("UPDATE findings SET explanation = ? WHERE id = 'f6'", ("@x dated wrong",))
        store.db.commit()
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        _, ents = read_csv(c.get("/api/entities?format=csv"))
        e4 = next(e for e in ents if e["id"] == "e4")
        assert e4["canonical"] == "'=HYPERLINK(\"http://evil.example\",\"open\")"
        assert e4["aliases"] == "'+1+2; @SUM(A1:A9); -3+4"            # the cell starts with +: defused
        _, stories = read_csv(c.get("/api/stories?format=csv"))
        assert stories[1]["label"] == "'=cmd|' /C calc'!A0"
        _, fs = read_csv(c.get("/api/findings?format=csv"))
        assert next(f for f in fs if f["id"] == "f6")["explanation"] == "'@x dated wrong"
        assert c.get("/api/entities").json()["entities"][3]["canonical"].startswith("=HYPERLINK")   # JSON as stored


def test_csv_of_an_empty_store_is_its_header(tmp_path):
    with TestClient(create_app(tmp_path / "empty.db"), base_url="http://127.0.0.1") as c:
        for url, _, name, header in LISTINGS:
            r = c.get(with_format(url, "csv"))
            assert r.status_code == 200 and r.text == header + "\r\n", url


def test_cell():
    assert [cell(v) for v in ("=1+1", "+1", "-1", "@A1", "\tx", "plain", "a=b")] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "plain", "a=b"]
    assert cell(-5) == "-5" and cell(0.5) == "0.5" and cell(None) == "" and cell(True) == "true"
    assert cell(["-a", "b"]) == "'-a; b" and cell([["a", "b"], ["c"]]) == "a, b; c" and cell([]) == ""
    assert cell({"k": "=v"}) == '{"k": "=v"}'
    assert to_csv([{"id": "x", "n": [1, 2]}], ["id", "n", "missing"]) == "id,n,missing\r\nx,1; 2,\r\n"


@pytest.mark.parametrize("url", ["/api/documents", "/api/findings", "/api/stories", "/api/entities", "/api/events",
                                 "/api/search?q=Varn"])
@pytest.mark.parametrize("fmt", ["xml", "csv2", "%3Cb%3E"])
def test_unknown_format_is_400(client, url, fmt):
    r = client.get(with_format(url, fmt))
    assert r.status_code == 400 and r.headers["content-type"] == "application/json"
    detail = r.json()["detail"]
    assert detail.startswith("unknown format") and detail.endswith("use json or csv") and "\n" not in detail
