"""Attribution: who a document says states each mention, and the seeds' gold parties."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon.extract.attribution import attribute, normalize_party
from rashomon.extract.figures import extract_figures
from rashomon.extract.nlp import load_nlp
from rashomon.models import Document, Mention

SHARED = Path(__file__).resolve().parents[2] / "shared"


def parse(text: str):
    return Document(text=text, id="d1"), load_nlp()(text)


def figs(text: str) -> list[Mention]:
    doc, sdoc = parse(text)
    ms = extract_figures(doc, sdoc, [])
    attribute(ms, doc, sdoc)
    return ms


def party_of(text: str, fragment: str) -> str | None:
    ms = figs(text)
    hit = [m for m in ms if m.text == fragment] or [m for m in ms if fragment in m.text]
    assert hit, f"no figure {fragment!r} in {[m.text for m in ms]}"
    return hit[0].attributed_to


def span_mention(text: str, fragment: str, kind: str = "date", k: int = 1) -> Mention:
    i = text.index(fragment)
    return Mention(id=f"d1.x{k}", doc="d1", start=i, end=i + len(fragment), text=fragment, kind=kind,
                   label=kind.upper(), sentence=0)


# ---------------------------------------------------------------- patterns
# (sentence, figure, party) — party None: the document states it itself
CASES = [
    # according to X
    ("According to the Red Cross, about 12,000 residents were evacuated.", "about 12,000", "the Red Cross"),
    ("At least 45 people died in the floods, according to the regional health ministry.", "At least 45",
     "the regional health ministry"),
    ("According to various statistics, 100 to 200 thousand people were killed.", "100 to 200 thousand",
     "various statistics"),
    ("According to the health ministry's figures, 1,100 people were hospitalised.", "1,100",
     "the health ministry"),
    ("According to a report by Amnesty International, 120 detainees were tortured.", "120",
     "Amnesty International"),
    ("According to the plan, 300 workers will be hired.", "300", None),
    # X said / announced / listed / claimed / estimated ...
    ("The Valley Herald reported that floodwaters killed 23 people.", "23", "The Valley Herald"),
    ("Health officials said 17 people died.", "17", "Health officials"),
    ("Police sources say 14 suspects were detained.", "14", "Police sources"),
    ("The group listed 1274 people killed in the operation.", "1274", "The group"),
    ("MKO announced the number of 1,300 killed.", "1,300", "MKO"),
    ("Between 5,000 and 7,000 people attended the rally, organisers claimed.", "Between 5,000 and 7,000",
     "organisers"),
    ("The interior ministry estimated that 1.2 million people were affected.", "1.2 million",
     "The interior ministry"),
    ("Local officials put the death toll at 57.", "57", "Local officials"),
    ("State television put the death toll at 31, saying 12 people were still missing.", "12",
     "State television"),
    ("The figure of 2,000 dead was announced by the army on Friday.", "2,000", "the army"),
    ("Eyewitnesses told reporters that dozens of bodies lay in the street.", "dozens", "Eyewitnesses"),
    ("The union's figures show 9,000 workers joined the strike.", "9,000", "The union"),
    ("Figures released by the ministry show that 2,300 people were injured.", "2,300", "the ministry"),
    ("A report by Amnesty International said 120 detainees were tortured.", "120", "Amnesty International"),
    ("Per the ministry, 80 schools were closed.", "80", "the ministry"),
    ("The company's statement said 450 jobs would go.", "450", "The company"),
    ("Management says 3,000 employees stayed away, while the union claims 11,000 joined the walkout.",
     "3,000", "Management"),
    ("Management says 3,000 employees stayed away, while the union claims 11,000 joined the walkout.",
     "11,000", "the union"),
    ("The cuts follow 10,000 layoffs announced by rival Microfirm last week.", "10,000", "rival Microfirm"),
    ("Organisers said at least 250 people took part; police put the figure at 180.", "at least 250",
     "Organisers"),
    ("Organisers said at least 250 people took part; police put the figure at 180.", "180", "police"),
    ("The opposition newspaper Daily Voice reported that nearly 500 people had died.", "nearly 500",
     "Daily Voice"),
    ("The Reform Bloc rejected the count. Its spokeswoman, Lena Varga, said 1,200 stations were rigged.",
     "1,200", "Lena Varga"),
    ("The Reform Bloc rejected the count. Its spokesman said 1,200 stations were rigged.", "1,200",
     "Reform Bloc"),
    # their own account
    ("Rescue teams, based on their own tally, found 18 survivors.", "18", "Rescue teams"),
    ("The strikers, by their own count, numbered 14,000.", "14,000", "The strikers"),
    ("The ministry, by its own count, registered 4,100 displaced families.", "4,100", "The ministry"),
    ("Teams from 14 countries joined in. By its own account, the army deployed 6,000 soldiers.", "6,000",
     "the army"),
    ("The Election Commission (CEC) released results on Monday night. By its count, the ruling party "
     "won 162 seats.", "162", "CEC"),
    # direct quotes
    ("“We lost 40 cattle in an hour,” said farmer John Reyes.", "40", "farmer John Reyes"),
    ("“We have counted 212 bodies so far,” the mayor said on Friday.", "212", "the mayor"),
    ("The governor warned: “At least 90 bridges are gone.”", "At least 90", "The governor"),
    ("Maria Lopez arrived late. “Some 300 homes are flooded,” she said.", "Some 300", "Maria Lopez"),
    # the document itself, the author, reports without a source
    ("Floodwaters killed 23 people and destroyed 1,400 homes.", "23", None),
    ("We counted 50 tanks on the road.", "50", None),
    ("I saw 3 helicopters over the river.", "3", None),
    ("It was reported that 200 people fled.", "200", None),
    ("The company laid off 1,200 staff last year.", "1,200", None),
    ("The army put a force of 15000 people together.", "15000", None),
]


@pytest.mark.parametrize("text,fragment,party", CASES)
def test_party(text, fragment, party):
    assert party_of(text, fragment) == party


def test_scope_is_the_reported_clause_only():
    text = "On Monday, the ministry said 300 people had died, and 40 more died on Tuesday."
    doc, sdoc = parse(text)
    ms = extract_figures(doc, sdoc, [])
    monday = span_mention(text, "Monday")
    ministry = span_mention(text, "the ministry", kind="actor", k=2)
    everything = ms + [monday, ministry]
    attribute(everything, doc, sdoc)
    by_text = {m.text: m.attributed_to for m in everything}
    assert by_text["300"] == "the ministry"
    assert by_text["Monday"] is None  # when it was said is the document's own statement
    assert by_text["the ministry"] is None  # the party is not attributed to itself


def test_every_mention_is_set_and_stale_values_are_cleared():
    text = "Officials said 12 bridges collapsed on May 3."
    doc, sdoc = parse(text)
    m = span_mention(text, "May 3")
    m.attributed_to = "stale"
    n = span_mention(text, "12", kind="quantity", k=2)
    attribute([m, n], doc, sdoc)
    assert n.attributed_to == "Officials"
    assert m.attributed_to == "Officials"  # inside the reported clause


def test_according_to_covers_the_whole_sentence_but_not_the_party():
    text = "According to Iranian government sources, more than 2,500 fighters were killed in July."
    doc, sdoc = parse(text)
    ms = extract_figures(doc, sdoc, []) + [span_mention(text, "July"),
                                           span_mention(text, "Iranian", kind="actor", k=2)]
    attribute(ms, doc, sdoc)
    by_text = {m.text: m.attributed_to for m in ms}
    assert by_text["more than 2,500"] == "Iranian government sources"
    assert by_text["July"] == "Iranian government sources"
    assert by_text["Iranian"] is None


LIST = """Summary of the flood

What was destroyed by the water?

Over 120 houses

40 bridges

Aid Delivered

The losses of the rebels, by their own account, were as follows:

45 trucks

12 tanks

Three days later the rain stopped, and 30 people returned home.
"""


def test_colon_lists_carry_the_party_of_their_intro_line():
    ms = figs(LIST)
    by_text = {m.text: m.attributed_to for m in ms}
    assert by_text["Over 120"] is None and by_text["40"] is None  # the question names no source
    assert by_text["45"] == "rebels" and by_text["12"] == "rebels"
    assert by_text["30"] is None  # an ordinary paragraph ends the list


def test_seed_style_list():
    text = ("The damage sustained by the Front based on their own assertion was as follow:\n\n72 tanks\n\n"
            "612 different types of vehicles\n\n52 senators, a few days later, wrote a letter to the king.")
    by_text = {m.text: m.attributed_to for m in figs(text)}
    assert by_text["72"] == "Front" and by_text["612"] == "Front"
    assert by_text["52"] is None


def test_statement_after_as_follows():
    text = ("On Monday the state radio broadcast the news as follows:\n\n"
            "The government has accepted the truce and freed 300 prisoners.\n\nLater 20 more were freed.")
    by_text = {m.text: m.attributed_to for m in figs(text)}
    assert by_text["300"] == "the state radio"
    assert by_text["20"] is None


def test_follow_up_quote_keeps_its_speaker():
    text = ("“We have recovered 128 bodies in my district alone,” said Ahmet Kaya, the mayor. "
            "“At least 40 children are still missing.”")
    by_text = {m.text: m.attributed_to for m in figs(text)}
    assert by_text["128"] == "Ahmet Kaya" and by_text["At least 40"] == "Ahmet Kaya"


def test_bullets_after_a_source_line():
    text = ("Independent observers from Civic Watch gave the following figures:\n\n- Turnout: 58%\n"
            "- Spoiled ballots: about 95,000\n\nThe count went on all night, and 30 voters were turned away.")
    by_text = {m.text: m.attributed_to for m in figs(text)}
    assert by_text["58%"] == by_text["about 95,000"] == "Independent observers from Civic Watch"
    assert by_text["30"] is None


def test_pronoun_party_resolves_to_a_name():
    text = "The National Front held a rally. By their own count, 40,000 supporters attended."
    assert party_of(text, "40,000") == "National Front"


def test_a_pronoun_stands_for_the_subject_before_a_possessor():
    text = ("DENVER — Mayor Helen Carter on Monday repeated her criticism of Governor Tom Hale's flood plan.\n\n"
            "\u201cMore than 40 people have died, that is certain,\u201d she told a radio station.")
    assert party_of(text, "More than 40") == "Helen Carter"


def test_author_pronouns_are_not_parties():
    text = "We estimate that 300 houses were lost. Our reporters counted 12 boats."
    by_text = {m.text: m.attributed_to for m in figs(text)}
    assert by_text["300"] is None


# ---------------------------------------------------------------- normalize_party

@pytest.mark.parametrize("raw,clean", [
    ("the MKO's own", "MKO"),
    ("The MKO’s", "MKO"),
    ("Iranian government sources", "Iranian government sources"),
    ("the interior ministry", "interior ministry"),
    ("according to the Red Cross", "Red Cross"),
    ("their own", ""),
    ("  “the union”  ", "union"),
    ("its own", ""),
    ("", ""),
])
def test_normalize_party(raw, clean):
    assert normalize_party(raw) == clean


# ---------------------------------------------------------------- properties

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "according to", "the ministry", "said", "“", "”", ":", "\n", "\n\n", "300", "people", "died", ",", ".",
    "their own account", "based on", "they", "We", "he said", "citing", "per", "was", "as follows",
    "72 tanks", "Over 120 tanks", "?", "officials", "claimed", "that", "’s", "own"]), max_size=30),
    st.data())
def test_attribute_never_crashes_and_sets_every_mention(words, data):
    text = " ".join(words)
    doc, sdoc = parse(text)
    ms = extract_figures(doc, sdoc, [])
    n = len(text)
    for k in range(data.draw(st.integers(0, 4))):
        a = data.draw(st.integers(0, max(0, n - 1)))
        b = data.draw(st.integers(a, n))
        ms.append(Mention(id=f"d1.z{k}", doc="d1", start=a, end=b, text=text[a:b], kind="other",
                          label="X", sentence=0, attributed_to="stale"))
    attribute(ms, doc, sdoc)
    for m in ms:
        assert m.attributed_to is None or (isinstance(m.attributed_to, str) and m.attributed_to.strip())
        assert m.attributed_to != "stale"


def test_attribute_on_nothing():
    doc, sdoc = parse("")
    attribute([], doc, sdoc)


# ---------------------------------------------------------------- the seeds' gold

def _scorer():
    spec = importlib.util.spec_from_file_location("rashomon_score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _seed_mentions(file: str, cache: dict) -> tuple[str, list[Mention], list[Mention]]:
    """A seed's figures and, standing in for the other extractors, one mention per spaCy entity."""
    if file not in cache:
        text = (SHARED / "seeds" / file).read_text(encoding="utf-8")
        doc, sdoc = Document(text=text, id="d1", file=file), load_nlp()(text)
        ms = extract_figures(doc, sdoc, [])
        others = [Mention(id=f"d1.e{k}", doc="d1", start=e.start_char, end=e.end_char, text=e.text,
                          kind="other", label=e.label_, sentence=0) for k, e in enumerate(sdoc.ents)]
        attribute(ms + others, doc, sdoc)
        cache[file] = (text, ms, others)
    return cache[file]


def _gold():
    if not (SHARED / "gold" / "seeds.json").is_file():
        pytest.skip("../shared (seeds, gold, scorer) is not beside the project")
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    score = _scorer()
    alias = {}
    for e in gold.get("entities", []):
        for a in e["aliases"] + [e["canonical"]]:
            alias[score.norm_party(a, {})] = score.norm_party(e["canonical"], {})
    return gold, score, alias


def test_seeds_quantity_attribution():
    gold, score, alias = _gold()
    cache: dict = {}
    checked = right = 0
    wrong = []
    for slot in gold["slots"]:
        for g in slot["mentions"]:
            if (g.get("kind") or slot.get("kind")) != "quantity":
                continue
            text, ms, _ = _seed_mentions(g["file"], cache)
            span = score.locate(text, g["quote"])
            hits = [m for m in ms if span and m.start < span[1] and span[0] < m.end]
            checked += 1
            ok = any(score.same_party(g.get("attributed_to"), m.attributed_to, alias) for m in hits)
            right += ok
            if not ok:
                wrong.append((g["quote"], [m.attributed_to for m in hits]))
    assert checked and right / checked >= 0.90, wrong


def test_seeds_unattributed_slots_stay_unattributed():
    """Dates and places the gold says the documents state themselves keep at least one mention with no
    party (the scorer needs one), counting the figures and spaCy's entities as the mentions."""
    gold, score, alias = _gold()
    cache: dict = {}
    wrong = []
    for slot in gold["slots"]:
        for g in slot["mentions"]:
            if (g.get("kind") or slot.get("kind")) == "quantity" or g.get("attributed_to") is not None:
                continue
            text, ms, others = _seed_mentions(g["file"], cache)
            span = score.locate(text, g["quote"])
            hits = [m for m in ms + others if span and m.start < span[1] and span[0] < m.end]
            if hits and not any(m.attributed_to is None for m in hits):
                wrong.append((g["quote"], [m.attributed_to for m in hits]))
    assert not wrong


@pytest.mark.parametrize("text, party", [
    ("The earthquake killed at least 600 people, the opposition Civic Union said on Thursday.", "Civic Union"),
    ("Floods destroyed 200 homes in the delta, the regional governor said, adding that roads were cut.",
     "the regional governor"),
    ("Rescuers found 40 bodies, which the army said were civilians.", None),
])
def test_trailing_speech_clause_after_a_comma(text, party):
    """The parser often hangs a trailing "…, X said" off a noun; the figure before the comma is X's."""
    doc = Document(text=text, id="d1")
    sdoc = load_nlp()(text)
    figs = extract_figures(doc, sdoc, [])
    attribute(figs, doc, sdoc)
    assert figs and figs[0].attributed_to == party
