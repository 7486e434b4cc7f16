"""Who did it, to whom: the named parties in the roles of a happening (its doer, what it was done to,
the party a preposition names, such as the buyer in "sold its stake to X"), read from the dependency
parse, so accounts that name different parties in one role of one happening can be set side by side.

Two claims are of one happening only on positive evidence: the same kind of happening, dated to the
same year or day, and the same party in another role. A sentence that only mentions two parties makes
no claim about who did what.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..data import load
from ..models import Mention
from .predicates import PredicateClass, predicate_class

_ACTOR_KINDS = ("actor", "other")
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class RoleClaim:
    """One sentence's account of who filled the roles of one happening."""

    happening: PredicateClass
    roles: dict[str, Mention]                 # role -> the name mention filling it
    occasions: set[str] = field(default_factory=set)   # "in 1994", "on 1994-05-02"
    doc: str = ""
    sentence: int = 0
    named: set[str] = field(default_factory=set)       # every entity the sentence names
    joint: dict[str, list[Mention]] = field(default_factory=dict)   # role -> parties named with its filler ("X and Y")

    def entity(self, role: str) -> str | None:
        m = self.roles.get(role)
        return m.entity if m is not None else None


def _outside_clauses(tok: Token) -> list[Token]:
    """The tokens of a role's phrase, without the clauses that describe it ("X, which later merged
    with Y": Y fills no role of the happening)."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "advcl", "ccomp", "conj", "cc", "appos")
                     or (c.dep_ == "appos" and not any(x.pos_ == "VERB" for x in c.subtree)))
    return out


def _filler(tokens: list[Token], names: list[Mention]) -> Mention | None:
    """The one party named in a role's phrase: the first actor named there, if no other actor is."""
    idx = {t.idx for t in tokens}
    inside = [n for n in names if n.entity and n.kind in _ACTOR_KINDS and n.label not in _PLACE_LABELS
              and any(n.start <= i < n.end for i in idx)]
    heads = {n.entity for n in inside}
    return inside[0] if len(heads) == 1 else None


def _place_filler(tokens: list[Token], names: list[Mention]) -> Mention | None:
    """The one place named in a locative phrase ("in Dalen", "near the Osk bridge")."""
    idx = {t.idx for t in tokens}
    inside = [n for n in names if n.entity and n.label in _PLACE_LABELS and any(n.start <= i < n.end for i in idx)]
    return inside[0] if len({n.entity for n in inside}) == 1 else None


def _verb_with_particle(v: Token) -> str:
    """"carry_out" for "carried out", as the data lists phrasal verbs."""
    prt = next((c.lower_ for c in v.children if c.dep_ == "prt"), None)
    return f"{v.lemma_.lower()}_{prt}" if prt else v.lemma_.lower()


def role_claims(sdoc: Doc, doc_id: str, names_by_sentence: dict[int, list[Mention]],
                dates_by_sentence: dict[int, list[Mention]]) -> list[RoleClaim]:
    """Every happening verb of a sentence with at least two of its roles filled by named parties (where
    it happened, by a place named after a preposition of place, is one of them)."""
    preps = load("happenings")["role_prepositions"]
    at = set(load("happenings")["place_prepositions"])
    support = set(load("happenings")["support_verbs"])
    out = []
    for si, sent in enumerate(sdoc.sents):
        names = names_by_sentence.get(si, [])
        if len(names) < 2:
            continue
        for v in sent:
            if v.pos_ != "VERB" or any(c.dep_ == "neg" for c in v.children):
                continue
            cls, event = predicate_class(v.lemma_.lower()), None
            if cls is None and _verb_with_particle(v) in support:
                # "the attack on X was carried out by Y", "Y carried out the attack on X": the noun's happening
                event = next((c for c in v.children if c.dep_ in ("dobj", "nsubjpass")
                              and predicate_class(c.lemma_.lower()) is not None), None)
                cls = predicate_class(event.lemma_.lower()) if event is not None else None
            if cls is None:
                continue
            roles: dict[str, Mention] = {}
            joint: dict[str, list[Mention]] = {}
            passive = any(c.dep_ == "nsubjpass" for c in v.children)
            if event is not None:
                for p in event.children:
                    if p.dep_ == "prep" and p.lower_ in ("on", "against"):
                        obj = next((o for o in p.children if o.dep_ == "pobj"), None)
                        if obj is not None and (m := _filler(_outside_clauses(obj), names)) is not None:
                            roles["patient"] = m
            for c in v.children:
                role = None
                phrase = c
                if event is not None and c is event:
                    continue
                if c.dep_ == "nsubj":
                    role = "agent"
                elif c.dep_ in ("dobj", "nsubjpass"):
                    role = "patient"
                elif c.dep_ == "agent" and passive:
                    role, phrase = "agent", next((p for p in c.children if p.dep_ == "pobj"), None)
                elif c.dep_ in ("prep", "dative") and (r := preps.get(cls.name, {}).get(c.lower_)):
                    role, phrase = r, next((p for p in c.children if p.dep_ == "pobj"), None)
                elif c.dep_ == "prep" and c.lower_ in at:
                    phrase = next((p for p in c.children if p.dep_ == "pobj"), None)
                    if phrase is not None and (m := _place_filler(_outside_clauses(phrase), names)) is not None:
                        roles.setdefault("place", m)
                    continue
                if role is None or phrase is None:
                    continue
                if (m := _filler(_outside_clauses(phrase), names)) is not None:
                    roles[role] = m
                    others = [o for c in phrase.children if c.dep_ == "conj"
                              if (o := _filler(_outside_clauses(c), names)) is not None and o.entity != m.entity]
                    if others:
                        joint[role] = others
            if len(roles) < 2:
                continue
            span_tokens = [x for p in v.children if p.dep_ == "prep" for x in p.subtree]
            occasions = set()
            for d in dates_by_sentence.get(si, []):
                if isinstance(d.value, str) and len(d.value) in (4, 10) and any(
                        d.start <= t.idx < d.end for t in span_tokens):
                    occasions.add(f"in {d.value[:4]}")
            if not occasions:
                continue
            out.append(RoleClaim(cls, roles, occasions, doc_id, si, {n.entity for n in names if n.entity}, joint))
    return out


def role_disputes(claims: list[RoleClaim], same=lambda a, b: a == b,
                  related=lambda a, b: False) -> list[tuple[RoleClaim, RoleClaim, str]]:
    """Pairs of claims of one happening (same kind, same year, the same party in another role) that
    name different parties in one role: (claim, claim, role). Parties `related` (a unit and its army, a
    village and its province) are no dispute; the place alone is no evidence of one happening."""
    keyed: dict[tuple[str, str], list[RoleClaim]] = defaultdict(list)
    for c in claims:
        for o in c.occasions:
            keyed[(c.happening.name, o)].append(c)
    out, seen = [], set()
    for group in keyed.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.doc == b.doc or (id(a), id(b)) in seen:
                    continue
                shared = [r for r in a.roles if r in b.roles and same(a.entity(r), b.entity(r)) and r != "place"]
                if not shared:
                    continue
                for r in a.roles:
                    if r in b.roles and r not in shared and not same(a.entity(r), b.entity(r)) \
                            and not related(a.entity(r), b.entity(r)):
                        seen.add((id(a), id(b)))
                        out.append((a, b, r))
    return out
