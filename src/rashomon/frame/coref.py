"""Labels reached through coreference: what a document calls an entity without naming it.

Two kinds of expression refer to an entity without using one of its names, and both carry framing:

* definite nominals — "the terror group", "this resistance movement": a definite or demonstrative
  singular common noun phrase with a modifier;
* descriptive names — "the Northern Resistance": a capitalised phrase of common words
  (`labels.is_descriptive_name`) that entity resolution keeps as an entity of its own because it
  shares no word with any name of the thing it refers to.

Both are resolved by a simple salience-based nominal coreference, in the spirit of Lappin & Leass
(1994) and of the head-match and compatibility sieves of Lee et al. (2013), documented here as such:

1. Compatibility. A nominal may refer to an entity whose names or descriptors, anywhere in the
   corpus, have the same head noun: "the organization" to "X Organization", "the group" to an
   entity some document calls "a militant group". A descriptive name may refer to an entity of the
   same type (ORG to ORG), provided no other entity of the document has its head word in one of
   its names or descriptors ("the Military Liberation" beside a "National Liberation Army" is
   ambiguous and left alone).
   Compatibility is learnt from the corpus' own names and first-pass descriptors (one pass, no
   chaining: a label found through coreference never licenses another).
2. Salience. The antecedent is the compatible entity the document mentions most (a tie means no
   antecedent), and it must also be the nearest one: the last compatible mention before the
   expression is one of the antecedent's. Nothing is resolved before the entity's first mention.
   A nominal's antecedent must also be mentioned earlier in the same paragraph (text since the
   last line break): a generic head such as "the army" is short-range ("killed by the government
   army" pages after the last mention of a rebel army is another army). A descriptive name is
   name-like and needs no such locality. Nominals refer to actors only (entities mentioned as
   actors), the things whose naming frames a dispute.
3. Disjoint reference. Two arguments of one non-copular verb do not corefer ("the Regime attacked
   X": the Regime is not X), nor do conjuncts ("X and the Resistance"). One such sentence in a
   document vetoes linking a descriptive name to that entity in that document; so does
   i-within-i (a phrase does not corefer with one inside it: "the Front affiliated to X").
   A descriptive name that only modifies a following noun ("the Northern Air strikes") may be a
   fragment of a longer expression and is no evidence either way.

Only singular nominals are read (a plural "these groups" cannot be one organisation), and only
nominals with at least one modifier: a bare "the organization" repeats the entity's type and says
nothing about how the document frames it. The label's quote is the sentence of the nominal or of
the descriptive name; its `mention` is the antecedent's nearest mention (for nominals) or the
descriptive name's own mention.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..models import Entity, Mention
from ._text import NAME_KINDS, content_lemma, label_text, mention_span, quote_of, span_root

# Dependencies by which an argument hangs on its verb (directly or through a preposition).
_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "agent", "dative", "iobj"}
# Dependencies that make a noun a modifier of another noun ("union members"): not an argument.
_MOD_DEPS = {"compound", "poss", "amod", "nmod"}
# Dependencies of predication (naming or describing the subject): never disjoint.
_PRED_DEPS = {"attr", "oprd", "appos", "acomp"}
# Left dependents of a nominal that are not part of its description.
_FRONT = {"det", "predet", "poss", "advmod", "nummod", "quantmod", "case", "punct", "cc", "preconj"}



def _names_by_doc(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """The resolved name mentions of each document."""
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind in NAME_KINDS and m.entity is not None:
            by_doc[m.doc].append(m)
    return by_doc

def _definite(tok: Token) -> bool:
    """A singular common noun introduced by a definite article or a demonstrative."""
    if tok.tag_ != "NN" or not tok.text.islower() or not tok.is_alpha:
        return False
    dets = [c for c in tok.lefts if c.dep_ == "det"]
    return bool(dets) and all("Def" in c.morph.get("Definite") or "Dem" in c.morph.get("PronType")
                              for c in dets)


def _modifiers(tok: Token) -> list[Token]:
    """The nominal's own words: its left modifiers (no determiners) and itself, contiguous."""
    drop: set[int] = set()
    for c in tok.lefts:
        if c.dep_ in _FRONT:
            drop.update(t.i for t in c.subtree)
    toks = [t for t in tok.subtree if t.i <= tok.i and t.i not in drop]
    run: list[Token] = []
    for t in reversed(sorted(toks, key=lambda t: t.i)):
        if run and t.i != run[0].i - 1:
            break
        run.insert(0, t)
    return run


def _governor(tok: Token) -> tuple[Token, str, bool]:
    """Climb from a noun to the verb that governs it: (verb, dependency of the last step, whether
    the way passed through a noun modifier or a predication)."""
    t, nominal = tok, False
    dep = tok.dep_
    while t.head.i != t.i and t.pos_ not in ("VERB", "AUX"):
        if t.dep_ in _MOD_DEPS or t.dep_ in _PRED_DEPS:
            nominal = True
        dep = t.dep_
        t = t.head
    return t, dep, nominal


def disjoint(a: Token, b: Token) -> bool:
    """True when the two noun tokens cannot corefer: conjuncts, or distinct arguments of one
    non-copular verb (each reached through argument relations only)."""
    if a.i == b.i:
        return False
    # i-within-i: a phrase does not corefer with a phrase inside it ("the Front affiliated to X")
    if a in b.subtree or b in a.subtree:
        pred = a.dep_ in _PRED_DEPS or b.dep_ in _PRED_DEPS
        if not pred and a.dep_ not in _MOD_DEPS and b.dep_ not in _MOD_DEPS:
            return True
    if (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i):
        return True
    if a.dep_ == "conj" and b.dep_ == "conj" and a.head.i == b.head.i:
        return True
    va, da, na = _governor(a)
    vb, db, nb = _governor(b)
    if va.i != vb.i or na or nb or va.pos_ not in ("VERB", "AUX"):
        return False
    if va.lemma_ in ("be", "become", "remain", "call", "name", "know"):
        return False
    return da in _ARG_DEPS | {"prep"} and db in _ARG_DEPS | {"prep"}


def entity_heads(labels: list[dict], names_vocabulary: set[str]) -> dict[str, set[str]]:
    """entity -> head nouns it is known by: the lowercase lemma of the last word of each multiword
    name when that word is a singular common word of the corpus ("Organization" -> organization),
    and the head of every descriptor attached to it (first pass)."""
    heads: dict[str, set[str]] = defaultdict(set)
    for lab in labels:
        if lab["kind"] == "descriptor" and lab.get("relation") != "descriptive name":
            if lab.get("head"):
                heads[lab["entity"]].add(lab["head"])
        elif lab["kind"] == "name":
            words = lab["label"].split()
            lowered = [w.lower() for w in words]
            if any(w in ("and", "or", "&") for w in lowered):
                continue  # "Spark and War": a coordination has no single head
            if "of" in lowered:  # "National Council of Resistance": the head precedes "of"
                words = words[:lowered.index("of")]
            last = words[-1].lower() if words else ""
            if len(words) >= 2 and last.isalpha() and last in names_vocabulary:
                heads[lab["entity"]].add(last)
    return heads


class _DocMentions:
    """A document's name mentions in text order, with their tokens."""

    def __init__(self, sdoc: Doc, ms: list[Mention]):
        self.items: list[tuple[int, Mention, Span]] = []
        for m in sorted(ms, key=lambda m: (m.start, m.end)):
            span = mention_span(sdoc, m)
            if m.entity is not None and span is not None and len(span):
                self.items.append((span.start, m, span))
        self.starts = [i for i, _, _ in self.items]
        self.tokens = {t.i for _, _, s in self.items for t in s}
        self.salience = Counter(m.entity for _, m, _ in self.items)
        self.ranked = self.salience.most_common()
        self.in_sentence: dict[int, list[tuple[int, Mention, Span]]] = defaultdict(list)
        for item in self.items:
            self.in_sentence[item[2].sent.start].append(item)

    def before(self, i: int) -> Iterator[tuple[int, Mention, Span]]:
        """Mentions starting before token i, nearest first (no copy: a long document has thousands)."""
        for k in range(bisect_left(self.starts, i) - 1, -1, -1):
            yield self.items[k]

    def antecedent(self, i: int, compatible: set[str], since: int = 0) -> tuple[str, Mention] | None:
        """The most salient compatible entity, if it is also the nearest compatible one before
        token i, mentioned at or after character offset `since`."""
        ranked = [(e, n) for e, n in self.ranked if e in compatible]
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        best = ranked[0][0]
        for _, m, _ in self.before(i):
            if m.entity in compatible:
                return (best, m) if m.entity == best and m.start >= since else None
        return None


def _label(entity: str, doc: str, sdoc: Doc, mention: str, relation: str, toks: list[Token],
           text: tuple[str, int, int]) -> dict:
    label, start, end = text
    quote, q0, q1 = quote_of(sdoc, start, end)
    root = span_root(sdoc[toks[0].i: toks[-1].i + 1])
    return {"entity": entity, "doc": doc, "label": label, "mention": mention, "quote": quote,
            "kind": "descriptor", "relation": relation, "count": 1, "head": root.lemma_.lower(),
            "words": [w for w in (content_lemma(t) for t in toks) if w],
            "start": start, "end": end, "quote_start": q0, "quote_end": q1}


def nominal_labels(sdocs: dict[str, Doc], mentions: list[Mention], heads: dict[str, set[str]]
                   ) -> list[dict]:
    """Descriptors carried by definite nominals that corefer with an entity (module docstring)."""
    actors = {m.entity for m in mentions if m.kind == "actor" and m.entity is not None}
    by_head: dict[str, set[str]] = defaultdict(set)
    for e, hs in heads.items():
        if e in actors:
            for h in hs:
                by_head[h].add(e)
    by_doc = _names_by_doc(mentions)
    out: list[dict] = []
    for doc_id, sdoc in sdocs.items():
        dm = _DocMentions(sdoc, by_doc.get(doc_id, []))
        if not dm.items:
            continue
        breaks = [i for i, ch in enumerate(sdoc.text) if ch == "\n"]     # the text once, not per token
        for tok in sdoc:
            if tok.i in dm.tokens or not _definite(tok):
                continue
            compatible = by_head.get(tok.lemma_.lower())
            if not compatible or tok.dep_ in ("compound", "appos", "attr"):
                continue
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.rights):
                continue  # "the organization of X" is restricted by its complement
            toks = _modifiers(tok)
            if len(toks) < 2 or any(t.i in dm.tokens or t.pos_ == "PROPN" or t.like_num
                                    for t in toks):
                continue
            k = bisect_left(breaks, tok.idx)
            paragraph = breaks[k - 1] + 1 if k else 0
            found = dm.antecedent(tok.i, compatible, paragraph)
            if found is None:
                continue
            entity, ante = found
            if any(disjoint(tok, span_root(s)) for _, m, s in dm.in_sentence.get(tok.sent.start, ())
                   if m.entity == entity):
                continue
            text = label_text(toks)
            if text is not None:
                out.append(_label(entity, doc_id, sdoc, ante.id, "nominal", toks, text))
    return out


def descriptive_name_labels(sdocs: dict[str, Doc], mentions: list[Mention], entities: list[Entity],
                            heads: dict[str, set[str]], descriptive: set[str]) -> list[dict]:
    """Descriptive names linked to the entity they stand for in a document (module docstring).

    Args:
        descriptive: ids of entities every mention of which is a descriptive name.
    """
    types = {e.id: e.type for e in entities}
    name_words = {e.id: {w.strip(".,()“”\"'’").lower() for n in [e.canonical, *e.aliases]
                         for w in n.split()} for e in entities}
    by_doc = _names_by_doc(mentions)
    out: list[dict] = []
    for doc_id, ms in by_doc.items():
        sdoc = sdocs.get(doc_id)
        if sdoc is None:
            continue
        dm = _DocMentions(sdoc, ms)
        for d_entity in sorted({m.entity for _, m, _ in dm.items if m.entity in descriptive}):
            own = [(i, m, s) for i, m, s in dm.items if m.entity == d_entity]
            head = span_root(own[0][2]).lemma_.lower()
            compatible = {e for e in dm.salience if e not in descriptive
                          and types.get(e) == types.get(d_entity)}
            votes: Counter = Counter()
            first: dict[str, tuple[Mention, Span]] = {}
            for i, m, s in own:
                if span_root(s).dep_ in ("compound", "amod", "nmod"):
                    continue  # "the Northern Air strikes": maybe a fragment of a longer expression
                found = dm.antecedent(i, compatible)
                if found is not None:
                    votes[found[0]] += 1
                    first.setdefault(found[0], (m, s))
            for entity in votes:
                if any(head in heads.get(e, ()) or head in name_words.get(e, ())
                       for e in dm.salience if e not in (entity, d_entity)):
                    continue  # another entity of this document goes by that word: ambiguous
                roots = [span_root(s) for _, m, s in dm.items if m.entity == entity]
                if any(disjoint(span_root(s), r) for _, _, s in own for r in roots
                       if r.sent.start == s.sent.start):
                    continue
                m, s = first[entity]
                toks = list(s)
                text = label_text(toks)
                if text is not None:
                    out.append(_label(entity, doc_id, sdoc, m.id, "descriptive name", toks, text))
    return out
