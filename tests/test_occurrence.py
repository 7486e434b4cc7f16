"""Whether a happening happened: occurrence claims read from the parse, and the conflicts between
accounts that say it did and accounts that say it did not (texts written for these tests)."""
from __future__ import annotations

import pytest

from rashomon.extract import extract_document
from rashomon.extract.nlp import load_nlp
from rashomon.models import Document

from test_compare import _findings, _run


def states(text: str) -> list[tuple[str, str]]:
    doc = Document(text=text, id="d1")
    return [(m.text, m.value) for m in extract_document(doc, load_nlp()(text)).mentions if m.kind == "state"]


@pytest.mark.parametrize("text, expected", [
    ("Historians concluded that the March 3 raid never happened.", [("raid", "did not happen")]),
    ("There was no second raid that night, the commander said.", [("raid", "did not happen")]),
    ("The envoy claimed that the raid had been imaginary.", [("raid", "did not happen")]),
    ("The ministry called the ambush a hoax, but the ambush was a hoax only to the ministry.",
     [("ambush", "did not happen")]),
    ("No second raid had occurred.", [("raid", "did not happen")]),
    ("Officers were convinced raids had taken place on 3 March.", [("raids", "happened")]),
    ("Rebels attacked the depot on March 3, 2015.", [("attacked", "happened")]),
    ("The summit took place in Vienna.", [("summit", "happened")]),
])
def test_occurrence_claims(text, expected):
    assert states(text)[:len(expected)] == expected


@pytest.mark.parametrize("text", [
    "Did the raid happen on March 3?",
    "The raid would never have happened without help from inside.",
    "Rebels may have attacked the depot on March 3, 2015.",
    "Rebels did not attack the depot, the army said.",
    "The raid began at dawn.",
])
def test_no_occurrence_claim(text):
    assert [v for _, v in states(text)] in ([], ["happened"]) and "did not happen" not in [v for _, v in states(text)]


def test_an_account_that_it_never_happened_conflicts_with_one_that_it_did(tmp_path):
    texts = {
        "army.txt": ("Depot raided in Kessel\n\nRebels attacked the Kessel fuel depot on March 3, 2015, an army "
                     "spokesman said. Two guards were hurt.\n"),
        "rebels.txt": ("Rebel command answers\n\nThe rebel command said on March 9, 2015 that the March 3 raid on "
                       "the Kessel depot never happened. It said the army had invented the story.\n"),
        "wire.txt": ("Kessel after the raid\n\nReporters in Kessel saw burned tanks. Witnesses said raiders "
                     "attacked the depot on March 3, 2015 shortly after midnight.\n"),
        "other.txt": ("A second front\n\nThe March 5 raid on Brill never happened, the governor said on March 9, "
                      "2015. The rebels did not deny that the depot attack took place.\n"),
    }
    data = _run(tmp_path, texts)
    ms = {m["id"]: m for m in data["mentions"]}
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("whether it happened")]
    assert len(found) == 1, data["findings"]
    no, yes = sorted(found[0]["groups"], key=lambda g: ms[g[0]]["value"] != "did not happen")
    assert {ms[i]["value"] for i in no} == {"did not happen"} and {ms[i]["value"] for i in yes} == {"happened"}
    assert {data_doc(data, ms[i]) for i in no} == {"rebels.txt"}
    assert {data_doc(data, ms[i]) for i in yes} == {"army.txt", "wire.txt"}
    assert found[0]["reasons"] and found[0]["confidence"] > 0


def data_doc(data, m) -> str:
    return next(d["file"] for d in data["documents"] if d["id"] == m["doc"])


@pytest.mark.parametrize("text, state", [
    ("An unprovoked attack took place in the bay.", ("unprovoked", "provoked")),
    ("The minister characterized the raids as \u201cunprovoked.\u201d", ("unprovoked", "provoked")),
    ("Their attack \u2014 while unwise \u2014 was not \u201cunprovoked.\u201d", ("provoked", "provoked")),
    ("The shooting was accidental, the police said.", ("accidental", "deliberate")),
    ("A guard deliberately opened the valve.", ("deliberate", "deliberate")),
    ("The crew had not accidentally flooded the hold.", ("deliberate", "deliberate")),
    ("Fuel reached the engine through an act of sabotage.", ("deliberate", "deliberate")),
    ("The second fire was an accident.", ("accidental", "deliberate")),
])
def test_the_state_a_happening_was_in(text, state):
    doc = Document(text=text, id="d1")
    got = [(m.value, m.counted) for m in extract_document(doc, load_nlp()(text)).mentions if m.label == "STATE"]
    assert got == [state]


def test_opposite_states_of_one_happening_conflict(tmp_path):
    texts = {
        "ministry.txt": ("Raid on Kessel\n\nOn June 2, 2015, rebels raided the Kessel depot. The ministry said on June "
                         "3, 2015 that an unprovoked attack took place near the depot.\n"),
        "rebels.txt": ("The rebel view\n\nThe rebels struck the depot on June 2, 2015. Their attack was not "
                       "unprovoked, a rebel spokesman said on June 4, 2015: soldiers had fired first.\n"),
        "later.txt": ("A year on\n\nIn March 2016, a peaceful march in Kessel marked the anniversary. Another "
                      "attack, on a bridge, was unprovoked, officials said in March 2016.\n"),
    }
    data = _run(tmp_path, texts)
    ms = {m["id"]: m for m in data["mentions"]}
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("provoked or unprovoked")]
    assert len(found) == 1, data["findings"]
    assert sorted({ms[i]["value"] for g in found[0]["groups"] for i in g}) == ["provoked", "unprovoked"]
    assert {data_doc(data, ms[i]) for g in found[0]["groups"] for i in g} == {"ministry.txt", "rebels.txt"}


def test_who_characterized_a_happening_is_its_party():
    text = "The minister characterized the raids as unprovoked on May 3."
    ms = [m for m in extract_document(Document(text=text, id="d1"), load_nlp()(text)).mentions if m.label == "STATE"]
    assert [(m.value, m.attributed_to) for m in ms] == [("unprovoked", "The minister")]


@pytest.mark.parametrize("text, expected", [
    ("Boats fired at a frigate in international waters off the coast.", [("international", "international")]),
    ("The navy drove the frigate out of the country\u2019s territorial waters.", [("territorial", "international")]),
    ("The country had extended its territorial waters to twelve miles.", []),
])
def test_where_a_ship_was_by_the_waters_it_was_in(text, expected):
    doc = Document(text=text, id="d1")
    got = [(m.value, m.counted) for m in extract_document(doc, load_nlp()(text)).mentions if m.label == "STATE"]
    assert got == expected


def test_international_and_territorial_waters_conflict(tmp_path):
    texts = {
        "navy.txt": ("Frigate fired on\n\nOn June 2, 2015, boats fired at the frigate Arden in international waters, "
                     "the navy said.\n"),
        "coastguard.txt": ("Intruder expelled\n\nOn June 2, 2015, the coast guard drove the frigate Arden out of "
                           "Kessel's territorial waters, officials said.\n"),
    }
    data = _run(tmp_path, texts)
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("international or territorial")]
    assert len(found) == 1 and len(found[0]["groups"]) == 2, data["findings"]


@pytest.mark.parametrize("text", [
    "The accident report was published on Friday.",
    "Officials said sabotage was possible, and the guard could have opened the valve deliberately?",
    "He was hit by accident victims running from the square.",
])
def test_no_manner_state(text):
    doc = Document(text=text, id="d1")
    assert [m for m in extract_document(doc, load_nlp()(text)).mentions if m.label == "STATE"] == []


def test_deliberate_and_accidental_accounts_of_one_act_conflict(tmp_path):
    """"oil entered the drain through an act of sabotage" against "oil may have accidentally entered the drain"
    (the same act of the same things); a valve opened deliberately in another document is another act."""
    texts = {
        "owner.txt": ("Spill at the Marrow refinery\n\nThe refinery's owner argues oil entered the drain through an "
                      "act of sabotage, a spokesman said.\n"),
        "workers.txt": ("Marrow workers speak\n\nBecause of poor upkeep, the workers consider it possible for oil "
                        "to have accidentally entered the drain at the Marrow refinery.\n"),
        "other.txt": ("Marrow guard held\n\nA guard at the Marrow refinery deliberately opened a gate, police "
                      "said.\n"),
    }
    data = _run(tmp_path, texts)
    ms = {m["id"]: m for m in data["mentions"]}
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("deliberate or accidental")]
    assert len(found) == 1, data["findings"]
    assert {data_doc(data, ms[i]) for g in found[0]["groups"] for i in g} == {"owner.txt", "workers.txt"}


@pytest.mark.parametrize("text, value", [
    ("Tarland border guards opened fire on the patrol.", "fired first"),
    ("The patrol initiated the clash by firing at the post.", "fired first"),
    ("The cutter fired warning shots at the trawler.", "fired first"),
    ("The Captain of the cutter returned the fire.", "fired in reply"),
    ("The soldiers fired back.", "fired in reply"),
])
def test_who_fired_first(text, value):
    doc = Document(text=text, id="d1")
    got = [(m.value, m.counted) for m in extract_document(doc, load_nlp()(text)).mentions if m.label == "STATE"]
    assert got == [(value, "fired first")]


@pytest.mark.parametrize("text", [
    "The guards did not open fire.",
    "Could the guards have opened fire?",
    "Firefighters opened the hydrant.",
])
def test_no_claim_of_who_fired_first(text):
    doc = Document(text=text, id="d1")
    assert [m for m in extract_document(doc, load_nlp()(text)).mentions if m.label == "STATE"] == []


def test_one_party_said_to_fire_first_and_to_fire_back_conflicts(tmp_path):
    """Tarland's guards "opened fire" in one account and "returned fire" in another, on the same day: who
    fired first is disputed. Velmar's soldiers opening fire that day is a claim about another party."""
    texts = {
        "velmar.txt": ("Clash at the Osk bridge\n\nOn May 4, 2012, Tarland border guards opened fire on a patrol near "
                       "the Osk bridge, the Velmar ministry said.\n"),
        "tarland.txt": ("Tarland account of the Osk clash\n\nOn May 4, 2012, Tarland border guards returned fire near "
                        "the Osk bridge after they came under attack, a Tarland spokesman said.\n"),
        "other.txt": ("Osk bridge\n\nOn May 4, 2012, Velmar soldiers opened fire near the Osk bridge, witnesses "
                      "said.\n"),
    }
    data = _run(tmp_path, texts)
    ms = {m["id"]: m for m in data["mentions"]}
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("who fired first")]
    assert len(found) == 1, data["findings"]
    assert {data_doc(data, ms[i]) for g in found[0]["groups"] for i in g} == {"velmar.txt", "tarland.txt"}


def test_the_ship_a_document_names_in_apposition_is_the_one_that_fired(tmp_path):
    """"The cutter and two helicopters fired back" in a document that says "the cutter, the 300-ton Aldis": the
    Aldis fired in reply, against an account in which the Aldis opened fire on that day."""
    texts = {
        "coastguard.txt": ("Cutter fired on\n\nMay 4, 2012 - Two trawlers fired rockets at a coastguard cutter near "
                           "the Osk reef today.\n\nThe cutter and two helicopters fired back and drove them off.\n\n"
                           "The statement said that the cutter, the 300-ton Aldis, was on a routine patrol.\n"),
        "fishers.txt": ("The fishers' account\n\nOn May 4, 2012, the Aldis opened fire on the trawlers near the Osk "
                        "reef, the fishers' union said.\n"),
    }
    data = _run(tmp_path, texts)
    found = [f for f in _findings(data, "conflict") if f["what"].startswith("who fired first")]
    assert len(found) == 1 and "Aldis" in found[0]["what"], data["findings"]


def test_fire_on_different_days_of_a_month_is_two_exchanges(tmp_path):
    """Tarland's guards opening fire in a report dated May 4 and returning fire in one dated May 20 are two
    exchanges of fire, not one disputed."""
    texts = {
        "early.txt": ("Clash at the Osk bridge\n\nMay 4, 2012 - Fighting flared near the Osk bridge today.\n\n"
                      "Tarland border guards opened fire on a patrol, the Velmar ministry said.\n"),
        "late.txt": ("Another clash\n\nMay 20, 2012 - Fighting flared near the Osk bridge today.\n\n"
                     "Tarland border guards returned fire after they came under attack, a spokesman said.\n"),
    }
    data = _run(tmp_path, texts)
    assert not [f for f in _findings(data, "conflict") if f["what"].startswith("who fired first")], data["findings"]
