"""Made-up news for the scale benchmarks: many stories, each told by several outlets from two sides.

Every sentence comes from the templates below over invented names, so nothing here is third-party text.
A story is one happening (an attack, a flood, a blast...) at one invented place on one date; its documents
give that side's figures (killed, wounded, displaced), dates and actors, some of them copies of another
outlet's text (wire reprints), so every corpus stage has real work: stories to find, names to resolve,
figures to align and disputes to compare. Common keys ("people", "killed") recur across all stories, the
case that made candidate buckets quadratic.
"""
from __future__ import annotations

import random

_SYL = ["ka", "ra", "mi", "zo", "ban", "del", "sha", "ri", "ta", "no", "far", "har", "vel", "ed",
        "ol", "ma", "gar", "sor", "lin", "ves", "dor", "beh", "sar", "pol", "zan", "kor", "tab",
        "mir", "hos", "lu", "kam", "nej", "rud", "sab", "tur", "vah", "yaz", "dez", "gol", "bor"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_HAPPENINGS = [("attack", "the attack on", "attacked"), ("flood", "the flood in", "flooded"),
               ("explosion", "the explosion at", "hit"), ("fire", "the fire in", "burned"),
               ("earthquake", "the earthquake near", "struck"), ("clash", "the clash at", "fought"),
               ("collapse", "the collapse of a building in", "collapsed")]
_OFFICIAL = ["spokesman", "spokeswoman", "minister", "governor", "commander", "director"]
_ORG_KIND = ["Army", "Ministry of Health", "Red Crescent Society", "Relief Agency", "Liberation Front",
             "Police", "Civil Defence", "Workers Union"]
_FILLER = ["Witnesses described scenes of confusion in the streets.",
           "The government promised an inquiry into what happened.",
           "Aid workers said roads into the area were blocked.",
           "Schools in the district were closed for the rest of the week.",
           "Families gathered outside the hospital waiting for news.",
           "Opposition leaders called for an independent investigation.",
           "Telephone lines were cut for several hours.",
           "Local radio broadcast appeals for blood donors."]


# the things a story's own places are (its bridge, its market...): each story draws a few, so the words
# of one story differ from another's as real stories' do
_LOCAL_WORDS = ["bridge", "market", "mosque", "church", "stadium", "harbour", "railway station", "clinic",
                "dam", "school", "barracks", "checkpoint", "refinery", "mill", "quarry", "orchard", "ferry",
                "warehouse", "courthouse", "cemetery", "reservoir", "airfield", "lighthouse", "tannery",
                "brewery", "library", "museum", "prison", "mine", "textile plant", "power station",
                "bus depot", "fish market", "grain silo", "water tower", "customs post"]


def _name(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_SYL) for _ in range(n)).capitalize()


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1950, 2020), rng.randint(1, 12), rng.randint(1, 28)


def _say(day: tuple[int, int, int]) -> str:
    y, m, d = day
    return f"{_MONTHS[m - 1]} {d}, {y}"


def _story(rng: random.Random, n: int) -> dict:
    kind, the, verb = rng.choice(_HAPPENINGS)
    country = _name(rng, 2)
    return {"kind": kind, "the": the, "verb": verb, "place": _name(rng, 3), "region": _name(rng, 2),
            "date": _date(rng), "sides": [
                {"org": f"{country} {rng.choice(_ORG_KIND)}", "person": f"{_name(rng, 2)} {_name(rng, 3)}",
                 "title": rng.choice(_OFFICIAL), "outlet": f"The {_name(rng, 2)} Herald"},
                {"org": f"{_name(rng, 2)} {rng.choice(_ORG_KIND)}", "person": f"{_name(rng, 2)} {_name(rng, 3)}",
                 "title": rng.choice(_OFFICIAL), "outlet": f"{_name(rng, 2)} News"}],
            "local": [_name(rng, 3) for _ in range(4)], "words": rng.sample(_LOCAL_WORDS, 6),
            "killed": rng.randint(3, 400), "wounded": rng.randint(10, 900), "displaced": rng.randint(200, 20000),
            "n": n}


def _document(rng: random.Random, st: dict, side: int) -> str:
    s = st["sides"][side]
    other = st["sides"][1 - side]
    lean = 1.0 if side == 0 else rng.choice([1.0, 1.6, 2.5, 0.5])
    killed = max(1, round(st["killed"] * lean))
    wounded = max(1, round(st["wounded"] * rng.choice([1.0, 1.0, 1.4])))
    day = st["date"]
    if rng.random() < 0.2:   # some accounts give another day
        day = (day[0], day[1], min(28, day[2] + rng.choice([1, 2])))
    place, region = st["place"], st["region"]
    lines = [
        f"{killed} people were killed in {st['the']} {place} on {_say(day)}, {s['outlet']} reported.",
        f"According to the {s['org']}, {wounded} others were wounded.",
        f"{s['person']}, a {s['title']} for the {s['org']}, said the toll could rise.",
        f"More than {st['displaced'] // 100 * 100:,} residents of {region} fled their homes.",
        f"The {other['org']} denied any responsibility for the {st['kind']}.",
        f"{other['person']} told reporters that the figures given by the {s['org']} were exaggerated.",
        f"The {st['kind']} {st['verb']} {place} shortly after dawn.",
        f"Rescue teams worked through the night in {place}.",
        f"Near the {st['local'][0]} {st['words'][0]}, the {st['words'][1]} was damaged.",
        f"Crowds gathered at the {st['local'][1]} {st['words'][2]} to hear {s['person']}.",
        f"The {st['local'][2]} {st['words'][3]} and the {st['words'][4]} of {st['local'][3]} stayed shut.",
        f"Officials in {region} said the {st['words'][5]} would be rebuilt.",
    ]
    rng.shuffle(lines)
    lines = lines[:rng.randint(6, len(lines))]
    lines += rng.sample(_FILLER, k=rng.randint(1, 3))
    return " ".join(lines)


def corpus(n_docs: int, seed: int = 11) -> list[tuple[str, str]]:
    """`n_docs` (title, text) pairs: stories of 3 to 30 documents, about one in ten a reprint of an earlier
    document of its story with a sentence added."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    k = 0
    while len(out) < n_docs:
        k += 1
        st = _story(rng, min(n_docs - len(out), rng.randint(3, 30)))
        own: list[str] = []
        for i in range(st["n"]):
            if own and rng.random() < 0.1:
                text = rng.choice(own) + " " + rng.choice(_FILLER)
            else:
                text = _document(rng, st, i % 2)
            own.append(text)
            out.append((f"story {k} account {i + 1}", text))
    return out
