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


def test_where_it_happened_conflicts_unless_one_place_is_in_the_other(tmp_path):
    """Rebels attacking the convoy in Mosul (one account) or in Kirkuk (another) is a dispute about the place; in
    Nineveh (a third) is not, since a document says "Mosul, Nineveh"."""
    texts = {
        "army.txt": ("Convoy ambushed\n\nOn May 3, 2015, the Kessel Front attacked the relief convoy in Mosul, the "
                     "army said.\n"),
        "front.txt": ("Front statement\n\nOn May 3, 2015, the Kessel Front attacked the relief convoy in Kirkuk, its "
                      "spokesman said.\n"),
        "agency.txt": ("Aid agency report\n\nOn May 3, 2015, the Kessel Front attacked the relief convoy in Nineveh, the "
                       "agency said. The road from Mosul, Nineveh, is closed.\n"),
    }
    data = _run(tmp_path, texts)
    found = [f for f in _role_findings(data) if f["what"].startswith("who: place")]
    assert len(found) == 1, data["findings"]
    assert {"Mosul", "Kirkuk"} <= {n for side in _named(data, found[0]) for n in side}
    ms = {m["id"]: m for m in data["mentions"]}
    for f in found:
        for ga in f["groups"]:
            for gb in f["groups"]:
                if ga is not gb:
                    pair = {ms[ga[0]]["text"], ms[gb[0]]["text"]}
                    assert pair != {"Mosul", "Nineveh"}, f


def test_a_unit_and_its_army_are_no_dispute(tmp_path):
    """"The Kessel Battalion shelled Osk" against "the Velmar Army shelled Osk": with the alias file saying the
    Battalion is a unit of the Velmar Army, no dispute about who did it; without it, a dispute."""
    import rashomon

    texts = {
        "a.txt": "Osk shelled\n\nIn 2016, the Kessel Battalion shelled Osk, witnesses said.\n",
        "b.txt": "Osk\n\nIn 2016, the Velmar Army shelled Osk, the ministry said.\n",
    }
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    plain = rashomon.analyze([folder], db=tmp_path / "plain.db")
    assert [f for f in _role_findings(plain) if f["what"].startswith("who: agent")], plain["findings"]
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[[part_of]]\nnames = ["Kessel Battalion"]\nwhole = "Velmar Army"\n', encoding="utf-8")
    related = rashomon.analyze([folder], db=tmp_path / "related.db", aliases=aliases)
    assert not [f for f in _role_findings(related) if f["what"].startswith("who: agent")], related["findings"]


def test_an_attack_carried_out_by_a_party_names_its_doer(tmp_path):
    """"The attack on Osk was carried out by the Velmar Army" names the doer of the attack on Osk, as "the Kessel
    Battalion attacked Osk" does: two doers of one attack."""
    texts = {
        "a.txt": "Osk\n\nIn 2016, the attack on Osk was carried out by the Velmar Army, the ministry said.\n",
        "b.txt": "Osk shelled\n\nIn 2016, the Kessel Battalion attacked Osk, witnesses said.\n",
    }
    data = _run(tmp_path, texts)
    found = [f for f in _role_findings(data) if f["what"].startswith("who: agent")]
    assert len(found) == 1 and sorted(side[0] for side in _named(data, found[0])) == ["Kessel Battalion",
                                                                                       "Velmar Army"], data["findings"]
    assert " · " in found[0]["explanation"]


def test_parties_named_together_are_shown_together(tmp_path):
    """"The Tarland Guard and the Velmar Army shelled Osk" is shown as that pair, beside "the Velmar Army shelled
    Osk" and "the Kessel Battalion shelled Osk"."""
    texts = {
        "a.txt": "Osk shelled\n\nIn 2016, the Kessel Battalion shelled Osk, witnesses said.\n",
        "b.txt": "Osk\n\nIn 2016, the Velmar Army shelled Osk, the ministry said.\n",
        "c.txt": "Osk again\n\nIn 2016, the Tarland Guard and the Velmar Army shelled Osk, a monitor said.\n",
    }
    data = _run(tmp_path, texts)
    found = [f for f in _role_findings(data) if f["what"].startswith("who: agent")]
    assert len(found) == 1, data["findings"]
    assert "Tarland Guard and Velmar Army (c.txt" in found[0]["explanation"], found[0]["explanation"]
