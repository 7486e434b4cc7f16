"""Who did it, to whom: accounts of one happening that name different parties in one of its roles
(texts written for these tests)."""
from __future__ import annotations

from test_compare import _findings, _run


def _role_findings(data):
    return [f for f in _findings(data, "conflict") if f["what"].startswith("who:")]


def _named(data, f):
    ms = {m["id"]: m for m in data["mentions"]}
    return [sorted({ms[i]["text"] for i in side}) for side in f["groups"]]


def test_two_buyers_of_one_sale_conflict(tmp_path):
    texts = {
        "history.txt": ("Kessel Mills\n\nIn 1994, Brill Holdings sold its stake in Kessel Mills to Arno Group, "
                        "the company history says.\n"),
        "paper.txt": ("The mills changed hands\n\nIn 1994, Brill Holdings sold its entire stake in Kessel Mills to "
                      "Castell Partners of Leeds.\n"),
        "meeting.txt": ("Talks\n\nArno Group and Castell Partners met in Leeds in 1994.\n"),
    }
    data = _run(tmp_path, texts)
    found = _role_findings(data)
    assert len(found) == 1, data["findings"]
    f = found[0]
    assert f["what"].startswith("who: buyer") and f["severity"] == "major"
    sides = sorted(side[0] for side in _named(data, f))
    assert len(sides) == 2 and sides[0] == "Arno Group" and sides[1].startswith("Castell Partners")
    assert f["reasons"] and any("same agent" in r for r in f["reasons"])


def test_a_buyer_the_other_account_also_names_is_a_partial_disagreement(tmp_path):
    texts = {
        "history.txt": ("Kessel Mills\n\nIn 1994, Brill Holdings sold its stake in Kessel Mills to Arno Group, which "
                        "later merged with Castell Partners.\n"),
        "paper.txt": ("The mills changed hands\n\nIn 1994, Brill Holdings sold its stake in Kessel Mills to Castell "
                      "Partners.\n"),
    }
    found = _role_findings(_run(tmp_path, texts))
    assert len(found) == 1 and found[0]["severity"] == "minor", found


def test_different_sales_and_mere_mentions_are_not_role_conflicts(tmp_path):
    texts = {
        "a.txt": ("Sales\n\nIn 1994, Arno Group sold its stake in Kessel Mills to Dorn Bank.\n"),
        "b.txt": ("More sales\n\nIn 1994, Castell Partners sold its stake in Lorn Textiles to Evers Bank.\n"),
        "c.txt": ("Later\n\nIn 1996, Arno Group sold its stake in Kessel Mills to Evers Bank.\n"),
        "d.txt": ("Talks\n\nDorn Bank and Evers Bank met Arno Group in 1994.\n"),
    }
    assert _role_findings(_run(tmp_path, texts)) == []
