"""The pairwise scorer: how likely two name forms name the same thing, from their spelling alone.

One function, `score_forms`, combines every string signal (exact and folded keys, spacing,
transliteration, designators, acronym initials, multiword subsets, partial person names, fuzzy
similarity with a consonant-skeleton bonus) into one number in [0, 1], plus the reason. Hard
incompatibilities (different numbers, different compass qualifiers, different given names)
score 0. Context (co-occurring entities) is added by the clusterer, not here.

The thresholds below were measured, not guessed: `benchmarks/bench_resolve.py` prints the
precision/recall of `score_forms` over labelled name pairs (the seeds' gold alias groups and
transliteration sets from other domains) for every threshold, and `tests/test_resolve.py` pins
the result.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from ..settings import CONTEXTUAL, MERGE, UNSUPPORTED
from .forms import GENERIC_ADJ, LEGAL_FORMS, NATIONALITY_LIKE, PLACE_DESIGNATORS, Form, make_form
from .fold import is_vowel, singular, skeleton, translit
from .titles import TITLE_WORDS, leading_titles

# MERGE: measured on the labelled names (see the module docstring and settings.py), single linkage:
#   t=0.84  precision 0.861 recall 0.978  (two leaders' surnames a vowel apart at 0.843 and the contextual
#           signals at 0.84 join unconditionally)
#   t=0.85-0.86  precision 1.000 recall 0.910 F1 0.953 (the best)
#   t=0.87  precision 1.000 recall 0.860  (Gaddafi/Qadhafi, Vezful/Vizful at 0.867 drop)
# Signals that are right only when the texts agree (a compass word on one side only, a given
# name alone, a two-letter acronym) score CONTEXTUAL: they merge inside one document, or across
# documents when the two share co-occurring entities (see cluster.py).
# Fuzzy similarity without a consonant skeleton to back it scores UNSUPPORTED and never merges.


@dataclass(frozen=True)
class Scored:
    score: float
    reason: str

    @property
    def contextual(self) -> bool:
        """A signal that needs the same document or shared context to merge."""
        return CONTEXTUAL - 1e-9 <= self.score < MERGE and self.reason in CONTEXT_REASONS


CONTEXT_REASONS = frozenset({"core+qualifier", "given name", "initials", "fuzzy+qualifier"})


def _first_class(s: str) -> str:
    if not s:
        return ""
    if is_vowel(s[0]):
        return "V"
    sk = skeleton(s[:2] if s[:2] in ("ch", "sh", "kh", "gh", "th", "ph", "ts") else s[0])
    return sk[:1] or s[0]


def token_sim(x: str, y: str) -> float:
    """Similarity of two transliteration-folded tokens (0..1)."""
    if x == y:
        return 1.0
    if x.isdigit() or y.isdigit():
        return 0.0
    r = Indel.normalized_similarity(x, y)
    if skeleton_agrees(x, y):
        r = max(r, (0.8 + 0.15 * r) if len(skeleton(x)) >= 5 else (0.7 + 0.2 * r))
    if _first_class(x) != _first_class(y):
        r -= 0.1
    if min(len(x), len(y)) <= 3:
        r -= 0.08  # very short tokens: one letter is a lot
    return r


def skeleton_agrees(x: str, y: str) -> bool:
    """Same consonant skeleton, long enough (3+) to mean something."""
    sx = skeleton(x)
    return len(sx) >= 3 and sx == skeleton(y)


def _extension(x: str, y: str) -> bool:
    """One token extends the other ("revolution"/"revolutionary"), the shorter 5+ letters."""
    a, b = sorted((x, y), key=len)
    return len(a) >= 5 and b.startswith(a)


def _morphology(x: str, y: str) -> bool:
    """Whether two spellings differ only by an ending, the way derived words do (Niger/Nigeria,
    Austria/Austrian, Basra/Basri, Georgia/George) rather than transliterations do."""
    i = 0
    while i < min(len(x), len(y)) and x[i] == y[i]:
        i += 1
    rx, ry = x[i:], y[i:]
    if not rx or not ry:
        return True
    return len(rx) <= 2 and len(ry) <= 2 and all(c in "aeiouy" for c in rx + ry)


def given_compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    """Whether two given-name sequences can be one person's ("m" and "masud" can)."""
    jx, jy = "".join(x), "".join(y)
    if jx == jy or token_sim(jx, jy) >= MERGE:
        return True
    if len(x[0]) == 1 or len(y[0]) == 1:
        return x[0][0] == y[0][0]
    return False


def _given_conflict(a: Form, b: Form, person_a: bool, person_b: bool) -> bool:
    """Two multiword person names with one surname and different given names (Teodor/Tamsin)."""
    if not (person_a and person_b) or a.n < 2 or b.n < 2 or a.numbers or b.numbers:
        return False
    if a.hint in _NOT_PERSON or b.hint in _NOT_PERSON:
        return False
    if token_sim(a.tks[-1], b.tks[-1]) < MERGE:
        return False
    return not given_compatible(a.tks[:-1], b.tks[:-1])


_NOT_PERSON = ("ORG", "LAW", "EVENT", "LOC")


def _nationality_extra(short: Form, long: Form) -> bool:
    """Whether the longer name adds a nationality-like word ("Tamarian Supreme Court")."""
    have = set(short.words)
    for w in long.name.split():
        w = w.strip(",.’'")
        if w.lower() not in have and NATIONALITY_LIKE.match(w):
            return True
    return False


def _subset(a: Form, b: Form, person_b: bool) -> bool:
    """a's core words (2 or more) are all in b's core, with the same head; b adds no nationality
    (unless b is a person's name)."""
    ac, bc = a.core, b.core
    if len(ac) < 2 or len(ac) >= len(bc) or a.core_head != b.core_head:
        return False
    bt = [translit(singular(t)) for t in bc]
    for t in ac:
        t = translit(singular(t))
        if max((token_sim(t, u) for u in bt), default=0) < 0.9:
            return False
    return person_b or not _nationality_extra(a, b)


def _core_ok(a: Form, b: Form) -> bool:
    core = a.core if len(a.core) <= len(b.core) else b.core
    if all(t in GENERIC_ADJ for t in core):
        return False
    da, db = a.designators - LEGAL_FORMS, b.designators - LEGAL_FORMS
    return not (da and db and da != db and not (da | db) <= PLACE_DESIGNATORS)


def _aligned(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Token-by-token similarity of two names with as many words: the weakest pair decides, and
    only one pair may be inexact without a skeleton to back it."""
    sims = []
    loose = 0
    for x, y in zip(a, b):
        s = token_sim(x, y)
        if x != y and not skeleton_agrees(x, y):
            if _extension(x, y):
                s = max(s, 0.9)
            loose += 1
        sims.append(s)
    s = min(sims)
    return s if loose <= 1 else min(s, UNSUPPORTED)


def _fuzzy(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Fuzzy similarity of two word sequences: aligned word by word when the counts agree, as
    one string otherwise; without an agreeing consonant skeleton it stays below MERGE."""
    ta = tuple(translit(singular(t)) for t in a)
    tb = tuple(translit(singular(t)) for t in b)
    ja, jb = "".join(ta), "".join(tb)
    if len(ta) == len(tb) and len(ta) >= 2:
        s = max(_aligned(ta, tb), _aligned(tuple(sorted(ta)), tuple(sorted(tb))) - 0.02)
        if skeleton_agrees(ja, jb) and ta[0] == tb[0]:
            s = max(s, token_sim(ja, jb))  # "Mao Zedong" / "Mao Tse-tung"
        return s
    if min(len(ta), len(tb)) == 1 and max(len(ta), len(tb)) >= 3:
        return 0.0
    s = token_sim(ja, jb)
    if not skeleton_agrees(ja, jb) or _morphology("".join(a), "".join(b)):
        s = min(s, UNSUPPORTED)
    return s


def _untitled(f: Form) -> Form | None:
    """A person's name without the rank words that lead it ("President Lorrimer" -> "Lorrimer"), or None."""
    words = f.name.split()
    k = leading_titles(words)
    return make_form(" ".join(words[k:])) if k else None


def score_forms(a: Form, b: Form, person_a: bool = False, person_b: bool = False) -> Scored:
    """How likely forms a and b name one thing, from spelling alone (0..1) and why.

    `person_a`/`person_b` say whether the corpus uses the form for a person (a PERSON label or
    a title), which allows partial-name matches ("Velameini" ~ "Orsan Velameini") and forbids
    merging different given names.
    """
    if a.key == b.key:
        return Scored(1.0, "exact")
    if person_a and person_b:
        ua, ub = _untitled(a), _untitled(b)
        if ua or ub:
            # "President Lorrimer" is "Lorrimer" with a rank the title rules kept (one word follows it)
            return score_forms(ua or a, ub or b, person_a, person_b)
    if a.numbers != b.numbers:
        return Scored(0.0, "numbers differ")
    if a.qualifiers and b.qualifiers and a.qualifiers != b.qualifiers:
        return Scored(0.0, "qualifiers differ")
    if _given_conflict(a, b, person_a, person_b):
        return Scored(0.0, "given names differ")
    if a.acronym or b.acronym:
        if a.acronym and b.acronym:
            return Scored(0.97, "acronym") if a.acronym == b.acronym else Scored(0.0, "acronyms")
        acr, long = (a, b) if a.acronym else (b, a)
        p_long = person_b if long is b else person_a
        if acr.acronym in long.inits and not p_long:
            return Scored(0.93 if len(acr.acronym) >= 3 else CONTEXTUAL, "initials")
        return Scored(0.0, "acronym")
    if a.joined == b.joined:
        return Scored(0.98, "spacing")
    if a.tk == b.tk:
        return Scored(0.96, "transliteration")
    qual_differ = a.qualifiers != b.qualifiers
    if a.core_tk == b.core_tk and _core_ok(a, b):
        return Scored(0.92, "core") if not qual_differ else Scored(CONTEXTUAL, "core+qualifier")
    short, long = (a, b) if a.n <= b.n else (b, a)
    p_long = person_b if long is b else person_a
    if _subset(short, long, p_long):
        return Scored(0.9, "subset")
    # partial person names: a surname (or a given name) alone
    if short.n == 1 and long.n >= 2 and p_long and not long.designators and long.hint not in _NOT_PERSON:
        if short.tks[0] == long.tks[-1]:
            return Scored(0.9, "surname")
        if short.tks[0] == long.tks[0] and len(short.tks[0]) >= 4 and singular(short.words[0]) not in TITLE_WORDS:
            return Scored(CONTEXTUAL, "given name")   # "President" alone is no given name of "President X"
    # fuzzy: aligned token by token when the counts agree, as one string otherwise; a fuzzy
    # match needs the consonant skeleton to agree (Guinea/Guyana, Austria/Australia do not)
    s = _fuzzy(a.words, b.words)
    if (a.designators or b.designators) and a.core and b.core and _core_ok(a, b):
        s = max(s, _fuzzy(a.core, b.core))
    if qual_differ and s >= MERGE:
        return Scored(CONTEXTUAL, "fuzzy+qualifier")
    return Scored(max(0.0, min(s, 0.95)), "fuzzy")
