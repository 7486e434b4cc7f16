"""Naming per entity per source: the names each document uses for an entity, and the phrases it
attaches to those names (apposition, copula, modifiers, "as"-predication).

Everything is read off the dependency parse and the name mentions; no word lists of either side.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from ..models import Mention
from ..settings import DESCRIPTOR_MAX_TOKENS
from ._text import (NAME_KINDS, content_lemma, is_common_noun, label_text, mention_span, quote_of,
                    span_root, squash)

# Dependency relations by which a word modifies a noun from the left.
_MOD_DEPS = {"compound", "amod", "nmod"}
# Copular verbs: "X is/became/remains a Y".
_COPULAS = {"be", "become", "remain"}
# "X is one of the Y", "X is part of the Y": the descriptor is the of-object.
_PARTITIVES = {"one", "part", "member", "some", "any", "each", "among"}
# Left dependents of a descriptor's head that are not part of the description ("even their own").
_FRONT_CHILD_DEPS = {"det", "predet", "poss", "advmod", "nummod", "quantmod", "case", "punct", "cc",
                     "preconj"}


def corpus_vocabulary(sdocs: Iterable[Doc]) -> tuple[set[str], set[str]]:
    """Words attested in lowercase anywhere in the corpus, and words used as adjectives/nationalities.

    Used to tell a descriptive name ("the Workers' Resistance", "National Liberation Front": common
    words in capitals) from a proper one ("Globex", "ACME").
    """
    lower: set[str] = set()
    adjectival: set[str] = set()
    for sdoc in sdocs:
        for t in sdoc:
            if t.is_alpha and t.text.islower() and t.pos_ != "PROPN":
                lower.add(t.text)
            if t.tag_ == "JJ" or t.ent_type_ == "NORP":
                adjectival.add(t.lower_)
    return lower, adjectival


def is_descriptive_name(tokens: list[Token], lower: set[str], adjectival: set[str]) -> bool:
    """A name made of common words: its head noun and every other word occur in lowercase in the
    corpus (or are adjectives/nationalities), e.g. "Northern Resistance", "Liberation Front"."""
    words = [t for t in tokens if t.is_alpha and t.lower_ not in ("the", "a", "an", "of")]
    if len(words) < 2 or any(t.text.islower() for t in words):
        return False
    if words[-1].lower_ not in lower:
        return False
    return all(t.lower_ in lower or t.lower_ in adjectival for t in words)


def _left_part(token: Token) -> list[Token]:
    """The token and its left-hand dependents (the pre-head part of its noun phrase)."""
    return [t for t in token.subtree if t.i <= token.i]


def _np(token: Token) -> list[Token]:
    """A descriptor noun phrase headed by `token`: its left part without determiners, possessives
    and adverbs, plus an "of"-complement ("mouthpiece of ... extremists") when there is one. Relative
    clauses and other PPs are left out."""
    drop: set[int] = set()
    for child in token.lefts:
        if child.dep_ in _FRONT_CHILD_DEPS:
            drop.update(t.i for t in child.subtree)
    toks = [t for t in _left_part(token) if t.i not in drop]
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                toks += [child] + _left_part(objs[0])
            break
    toks.sort(key=lambda t: t.i)
    run = [toks[0]] if toks else []
    for t in toks[1:]:  # keep it contiguous: stop at the first gap
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run


def _lowercase(tok: Token) -> bool:
    """Written in lowercase, or capitalised only because it starts the sentence."""
    return tok.text.islower() or (tok.is_sent_start and tok.text[1:].islower())


def _plausible(toks: list[Token], head: Token | None = None) -> bool:
    """A descriptor worth showing: its head noun is a lowercase common noun (capitalised words in
    mid-sentence are titles and references), and it has no numbers or one-letter abbreviations."""
    if not toks:
        return False
    head = head if head is not None else toks[-1]
    if not head.is_alpha or not _lowercase(head) or len(head.text) < 3:
        return False
    for t in toks:
        if t.like_num or (t.is_alpha and len(t.text) < 2) or t.text.endswith("."):
            return False
    return True


def _glued(doc: Doc, i: int) -> bool:
    """Token i is written against the next one with no space ("Abu-", "Port-e Sud")."""
    return 0 <= i < len(doc) and (doc[i].whitespace_ == "" and i + 1 < len(doc)
                                  and not doc[i + 1].is_punct or doc[i].text in ("-", "–"))


def _possessive(span) -> bool:
    doc = span.doc
    return span.end < len(doc) and doc[span.end].tag_ == "POS" or any(t.tag_ == "POS" for t in span)


def _left_modifiers(span, names: set[int]) -> list[Token]:
    """Words right before the name that modify it: "militant faction [X]", "the notorious [X]"."""
    doc = span.doc
    if span.start == 0 or _glued(doc, span.start - 1):
        return []
    inside = {t.i for t in span}
    marked: set[int] = set()
    for tok in span:
        for c in tok.lefts:
            if c.i in inside or c.dep_ not in _MOD_DEPS or c.ent_type_ or c.i in names:
                continue
            if c.tag_ in ("NN", "NNS", "JJ", "VBN") and c.pos_ != "PROPN" and _lowercase(c):
                marked.update(t.i for t in c.subtree if t.i not in inside and t.i not in names)
    run: list[Token] = []
    i = span.start - 1
    while i >= 0 and i in marked:
        run.insert(0, doc[i])
        i -= 1
    if any(t.is_punct and t.text not in ("-",) for t in run):
        return []
    if not run or not all(_lowercase(t) or not t.is_alpha for t in run):
        return []
    return run if _plausible(run, run[-1]) else []


def _head_noun(span, root: Token, names: set[int]) -> list[Token]:
    """The name modifies a noun phrase it belongs to: "Acme [militant faction]".

    Only when at least one more word stands between the name and the head noun; a bare
    "union members" names a part of the entity, not the entity. Nationality adjectives ("French air
    force") and possessives ("the union's core demands") do not describe the name either.
    """
    if root.dep_ not in _MOD_DEPS or root.tag_ == "JJ" or root.ent_type_ == "NORP":
        return []
    if _possessive(span) or _glued(span.doc, span.end - 1):
        return []
    head = root.head
    if head.i < span.end or head.i in names or not is_common_noun(head):
        return []
    run = [span.doc[i] for i in range(span.end, head.i + 1)]
    sub = {t.i for t in head.subtree}
    if len(run) < 2 or any(t.i not in sub or t.i in names or t.is_punct or t.dep_ == "cc"
                           for t in run):
        return []  # "X and internal documents" is a list, not "X" modifying "documents"
    return run if _plausible(run, head) else []


def _list_item(doc: Doc, end: int) -> bool:
    """The phrase ending before token `end` is followed by "and"/"or" or ", and": a list, not an
    apposition ("the union, the city government, and the residents")."""
    nxt = doc[end] if end < len(doc) else None
    if nxt is None:
        return False
    if nxt.lower_ in ("and", "or"):
        return True
    return nxt.text == "," and end + 1 < len(doc) and doc[end + 1].lower_ in ("and", "or")


def _of_head(root: Token) -> Token | None:
    """The noun a name is the of-object of ("the assassination of X")."""
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        return root.head.head
    return None


def _appositions(span, root: Token, names: set[int]) -> list[list[Token]]:
    """Appositive noun phrases: "the union, a grassroots labor movement"."""
    doc = span.doc
    inside = {t.i for t in span}
    candidates: list[Token] = []
    for tok in span:
        for c in tok.children:
            if c.dep_ == "appos" and c.i not in inside:
                candidates.append(c)
    if root.dep_ == "appos":
        candidates.append(root.head)
    # The parser often misses an apposition after a parenthesised abbreviation:
    # "Acme Union (AU), a grassroots labor movement".
    i = span.end
    if i < len(doc) and doc[i].text == "(":
        depth = 0
        while i < len(doc):
            depth += doc[i].text == "("
            depth -= doc[i].text == ")"
            i += 1
            if depth == 0:
                break
    if (i + 1 < len(doc) and doc[i].text == "," and doc[i + 1].lower_ in ("a", "an", "the")
            and root.dep_ != "conj" and not any(c.dep_ == "conj" for c in root.children)):
        for chunk in doc.noun_chunks:
            if chunk.start == i + 1:
                if chunk.root.dep_ not in ("nsubj", "nsubjpass"):
                    candidates.append(chunk.root)
                break
    parallel = _of_head(root)
    found: list[list[Token]] = []
    seen: set[int] = set()
    for head in candidates:
        if head.i in seen or head.i in names or not is_common_noun(head):
            continue
        seen.add(head.i)
        if parallel is not None and head.lemma_ == parallel.lemma_:
            continue  # "the assassination of X, the assassination of Y": a list
        toks = _np(head)
        if not toks or _list_item(doc, toks[-1].i + 1) or not _plausible(toks, head):
            continue
        if not _true_apposition(span, head, toks):
            continue
        found.append(toks)
    return found


def _true_apposition(span, head: Token, toks: list[Token]) -> bool:
    """Reject what the parser calls an apposition but English grammar does not allow as one.

    * Apposition is punctuated: a comma, dash, colon or bracket stands between the name and the
      noun phrase ("the time Civic Committees" is a misparse; close appositions such as "the
      poet X" are read by `_left_modifiers`).
    * A noun right before a quoted name names the name, not the thing ("the name “X”",
      "the code name “X”"): metalinguistic, not descriptive.
    * A noun phrase opening with a capitalised word in mid-sentence is a title ("X, The advent to
      the end"), a cited work.
    * An apposition agrees in number with the name: "their own relatives, X" is a plural
      object followed by a name, not a description of X.
    * A noun phrase that is the subject of the verb after it starts a new clause ("X, the number
      of citizens ... was announced"), whatever the parser attached it to.
    """
    doc = span.doc
    lo, hi = (head.i, span.start) if head.i < span.start else (span.end - 1, head.i)
    between = doc[lo + 1:hi] if hi > lo + 1 else doc[lo:lo]
    if not any(t.is_punct for t in between):
        return False
    if head.i < span.start:
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.is_quote and head.i == span.start - 2:
            return False
    first = min(t.i for t in head.subtree)
    opener = doc[first]
    if opener.is_alpha and opener.text[0].isupper() and not opener.is_sent_start and opener.pos_ != "PROPN":
        return False
    name_root = span_root(span)
    if head.tag_ == "NNS" and name_root.tag_ == "NNP" and head.i < span.start:
        return False
    last = max(t.i for t in head.subtree)
    if head.i > span.start and last + 1 < len(doc):
        nxt = doc[last + 1]
        if nxt.tag_ in ("VBD", "VBZ", "VBP", "MD") and nxt.dep_ != "relcl":
            return False
    return True


def _counted(noun: Token) -> bool:
    """A noun with a number on it ("more than 6,000 people") states a figure, not a description."""
    return any(c.dep_ in ("nummod", "quantmod") for c in noun.children)


# A name in one of these relations is not the subject of a copula that follows it.
_NOT_SUBJECT = {"pobj", "dobj", "iobj", "dative", "poss", "compound", "nmod", "amod", "conj", "attr"}


def _predicate_nominal(attr: Token, names: set[int]) -> list[Token]:
    target = attr
    if attr.lower_ in _PARTITIVES:
        for p in attr.children:
            if p.dep_ == "prep" and p.lower_ in ("of", "among"):
                objs = [o for o in p.children if o.dep_ == "pobj"]
                if objs:
                    target = objs[0]
    if not is_common_noun(target) or target.i in names or _counted(target):
        return []
    toks = _np(target)
    return toks if _plausible(toks, target) else []


def _copula(span, root: Token, names: set[int]) -> list[Token]:
    """Predicate nominals: "X is an extremist cartel", "X is one of the ... groups"."""
    if root.dep_ == "nsubj" and root.head.lemma_ in _COPULAS:
        verb = root.head
        if any(c.dep_ == "neg" for c in verb.children):
            return []
        for c in verb.children:
            if c.dep_ == "attr":
                return _predicate_nominal(c, names)
        return []
    # A heading run into the sentence can cost the subject its arc; read the surface instead:
    # NAME [of X] [(ABBR)] is|was ... NP
    if root.dep_ in _NOT_SUBJECT:
        return []
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].lower_ == "of" and doc[i].head.i in {t.i for t in span}:
        i = max(t.i for t in doc[i].subtree) + 1
    if i < len(doc) and doc[i].text == "(":
        while i < len(doc) and doc[i].text != ")":
            i += 1
        i += 1
    if i >= len(doc) or doc[i].lemma_ not in _COPULAS or doc[i].tag_ not in ("VBZ", "VBD", "VBP"):
        return []
    verb = doc[i]
    if i + 1 < len(doc) and doc[i + 1].dep_ == "neg":
        return []
    for c in verb.children:
        if c.dep_ == "attr" and c.i > verb.i:
            return _predicate_nominal(c, names)
    return []


def _as_predicate(root: Token, names: set[int]) -> list[Token]:
    """Characterisation by a verb: "painted the union as a criminal cartel", "was designated as ..."."""
    if root.dep_ not in ("dobj", "nsubjpass"):
        return []
    verb = root.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    for c in verb.children:
        target = None
        if c.dep_ == "prep" and c.lower_ == "as":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            target = objs[0] if objs else None
        elif c.dep_ == "oprd":
            target = c
        if (target is not None and is_common_noun(target) and target.i not in names
                and not _counted(target)):
            toks = _np(target)
            if _plausible(toks, target):
                return toks
    return []


def _within(name: str, canonical: str) -> bool:
    """Every word of `name` occurs in `canonical` (case-insensitive)."""
    words = {w.strip(".,()’'\"").lower() for w in canonical.split()}
    return bool(canonical) and all(w.strip(".,()’'\"").lower() in words for w in name.split())


def _clean_name(text: str) -> str:
    """A surface name as a label: whitespace squashed, a leading "the" and a trailing "'s" dropped."""
    t = squash(text)
    for suffix in ("’s", "'s", "’", "'"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
            break
    if t[:4].lower() == "the ":
        t = t[4:]
    return t.strip(" ,;:“”\"")


def collect_labels(
    sdocs: dict[str, Doc],
    mentions: list[Mention],
    vocabulary: tuple[set[str], set[str]] | None = None,
    canonical: dict[str, str] | None = None,
) -> list[dict]:
    """Labels per entity per document: every surface name and every descriptor attached to a name.

    Args:
        sdocs: spaCy parse per document id.
        mentions: all mentions; those of kind actor/place/other with an `entity` are used.
        vocabulary: `corpus_vocabulary(sdocs.values())`, computed when not given.
        canonical: entity id -> canonical name. A name made of common words ("the Northern
            Resistance") is reported as a descriptor (relation "descriptive name") unless all its
            words belong to the entity's canonical name ("Liberation Front" of "National Liberation
            Front of X" stays a name).

    Returns:
        One dict per distinct (entity, doc, kind, label) with the first mention it attaches to:
        `{entity, doc, label, mention, quote, kind, relation, count, head, words, start, end,
        quote_start, quote_end}`; `kind` is "name" or "descriptor", `relation` says how it was
        found (name, descriptive name, apposition, copula, modifier, compound, as); `head` is the
        lemma of a descriptor's head noun and `words` the lemmas of its content words.
    """
    canonical = canonical or {}
    if vocabulary is None:
        vocabulary = corpus_vocabulary(sdocs.values())
    lower, adjectival = vocabulary
    by_doc: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.kind in NAME_KINDS and m.doc in sdocs:
            by_doc.setdefault(m.doc, []).append(m)

    out: dict[tuple, dict] = {}
    texts = {d: sdocs[d].text for d in by_doc}

    def add(m: Mention, sdoc: Doc, kind: str, relation: str, toks: list[Token],
            found=None) -> None:
        if found is None:
            found = label_text(toks)
        if found is None:
            return
        text, start, end = found
        if not text or len(text) < 2:
            return
        lo, hi = min(start, m.start), max(end, m.end)
        if "\n" in texts[m.doc][lo:hi]:
            return  # a heading or a line break between them: not one phrase
        key = (m.entity, m.doc, kind, text.lower())
        if key in out:
            out[key]["count"] += 1
            return
        quote, q0, q1 = quote_of(sdoc, lo, hi)
        head = words = None
        if kind == "descriptor":
            root = span_root(sdoc[toks[0].i: toks[-1].i + 1])
            head = root.lemma_.lower()
            words = [w for w in (content_lemma(t) for t in toks) if w]
        out[key] = {"entity": m.entity, "doc": m.doc, "label": text, "mention": m.id,
                    "quote": quote, "kind": kind, "relation": relation, "count": 1,
                    "head": head, "words": words or [],
                    "start": start, "end": end, "quote_start": q0, "quote_end": q1}

    for doc_id, ms in by_doc.items():
        sdoc = sdocs[doc_id]
        spans = {m.id: mention_span(sdoc, m) for m in ms}
        names = {t.i for s in spans.values() if s is not None for t in s}
        for m in sorted(ms, key=lambda m: (m.start, m.end)):
            span = spans[m.id]
            if m.entity is None or span is None or not len(span):
                continue
            name = _clean_name(m.text)
            if name:
                descriptive = (is_descriptive_name(list(span), lower, adjectival)
                               and not _within(name, canonical.get(m.entity, "")))
                add(m, sdoc, "descriptor" if descriptive else "name",
                    "descriptive name" if descriptive else "name", list(span),
                    (name, m.start, m.end))
            root = span_root(span)
            for relation, toks in (("modifier", _left_modifiers(span, names)),
                                   ("compound", _head_noun(span, root, names)),
                                   ("copula", _copula(span, root, names)),
                                   ("as", _as_predicate(root, names))):
                if not toks or len(toks) > DESCRIPTOR_MAX_TOKENS:
                    continue
                if relation in ("modifier", "compound") and _within(
                        " ".join(t.text for t in toks), canonical.get(m.entity, "")):
                    continue  # "the national liberation army": a word of its own name
                add(m, sdoc, "descriptor", relation, toks)
            for toks in _appositions(span, root, names):
                if toks and len(toks) <= DESCRIPTOR_MAX_TOKENS:
                    add(m, sdoc, "descriptor", "apposition", toks)
    return list(out.values())


def descriptive_entities(sdocs: dict[str, Doc], mentions: list[Mention],
                         vocabulary: tuple[set[str], set[str]]) -> set[str]:
    """Entities every mention of which is a descriptive name ("the Northern Resistance"): common
    words in capitals, never an acronym or a proper word. Such an entity is a description that
    entity resolution could not tie to a name; `coref.descriptive_name_labels` may."""
    lower, adjectival = vocabulary
    verdict: dict[str, bool] = {}
    for m in mentions:
        if m.kind not in NAME_KINDS or m.entity is None or m.doc not in sdocs:
            continue
        span = mention_span(sdocs[m.doc], m)
        ok = span is not None and is_descriptive_name(list(span), lower, adjectival)
        verdict[m.entity] = verdict.get(m.entity, True) and ok
    return {e for e, ok in verdict.items() if ok}


def merge_labels(labels: list[dict], extra: list[dict]) -> list[dict]:
    """Add labels found another way; one already present (same entity, doc, kind and text) only
    counts once more."""
    index = {(lab["entity"], lab["doc"], lab["kind"], lab["label"].lower()): lab for lab in labels}
    for lab in extra:
        key = (lab["entity"], lab["doc"], lab["kind"], lab["label"].lower())
        if key in index:
            index[key]["count"] += lab.get("count", 1)
        else:
            index[key] = lab
            labels.append(lab)
    return labels
