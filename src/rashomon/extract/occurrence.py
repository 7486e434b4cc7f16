"""Whether a happening happened: "the attack never happened", "there was no second attack", "the raid
was a hoax" (did not happen) and "attacks took place on May 4", "boats attacked the ship on May 4"
(happened). Each becomes a `state` mention of the happening's noun or verb, valued "happened" or
"did not happen", so accounts that disagree on it can be set against each other."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from .. import data
from ..align.predicates import predicate_class
from ..models import Document, Mention
from ..syntax import manner_verb, subject_phrase

HAPPENED, NOT_HAPPENED = "happened", "did not happen"
INITIATIVE = data.load("occurrence")["initiative_attribute"]   # of "opened fire" / "returned fire" claims


def _poles() -> dict[str, tuple[str, str]]:
    """state word -> (the attribute it is a pole of, its opposite)."""
    out = {}
    for a, b in data.load("states")["pairs"]:
        out.setdefault(a, (a, b))
        out.setdefault(b, (a, a))
    return out


_POLES = _poles()


def _w(key: str) -> frozenset[str]:
    return data.words("occurrence", key)


def _happening_noun(t: Token) -> str | None:
    """The happening a noun names ("attack" -> attack), or None."""
    if t.pos_ not in ("NOUN", "PROPN"):
        return None
    lemma = t.lemma_.lower()
    cls = predicate_class(lemma)
    if cls is not None:
        return cls.name
    if lemma in data.words("happenings", "event_nouns") or lemma in _w("happening_nouns"):
        return lemma
    return None


def _occur_verb(v: Token) -> bool:
    lemma = v.lemma_.lower()
    if lemma == "take":
        return any(c.dep_ == "dobj" and c.lemma_.lower() == "place" for c in v.children)
    return lemma in _w("occur_verbs")


def _negated(v: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in v.children)


def _asserted(v: Token) -> bool:
    """Not under a modal, a condition or a question."""
    if any(c.lower_ in _w("modal_words") and c.dep_ in ("aux", "mark") for c in v.children):
        return False
    return not v.sent.text.rstrip().endswith("?")


def _polarity(t: Token) -> str | None:
    """What the sentence says of the happening noun t: happened, did not happen, or nothing."""
    subj = subject_phrase(t)
    head = subj.head
    no = any(c.dep_ == "det" and c.lower_ == "no" for c in t.children)
    if subj.dep_ in ("nsubj", "nsubjpass") and _occur_verb(head) and _asserted(head):
        # "the attack never happened", "no attack occurred", "attacks took place on May 4"
        return NOT_HAPPENED if (no or _negated(head)) else HAPPENED
    if t.dep_ == "attr" and head.lemma_ == "be" and no and any(c.dep_ == "expl" for c in head.children) \
            and not _negated(head):
        return NOT_HAPPENED                                   # "there was no second attack"
    if t.dep_ == "nsubj" and head.lemma_ == "be" and not _negated(head) and _asserted(head):
        for c in head.children:
            if c.dep_ == "acomp" and c.lemma_.lower() in _w("unreal_adjectives"):
                return NOT_HAPPENED                           # "the attack had been imaginary"
            if c.dep_ == "attr" and c.lemma_.lower() in _w("unreal_nouns"):
                return NOT_HAPPENED                           # "the raid was a hoax"
    if t.dep_ == "dobj" and head.lemma_.lower() in _w("fabricate_verbs") and not _negated(head):
        if head.lemma_.lower() not in _w("particle_only") or any(
                c.dep_ == "prt" and c.lower_ == "up" for c in head.children):
            return NOT_HAPPENED                               # "they cooked up the incident"
    return None


def _state_word(t: Token) -> str | None:
    w = t.lower_.strip("“”\"'")
    return w if w in _POLES else None


def _copula_after(t: Token) -> tuple[Token | None, bool]:
    """"their attack — while unwise — was not 'unprovoked'", read from the words when the parse loses
    the subject: the noun, an aside without nouns or verbs, a form of "be", perhaps "not", the state."""
    doc, end = t.doc, t.sent.end
    i = t.i + 1
    while i < end and i <= t.i + 6 and doc[i].pos_ in ("PUNCT", "ADJ", "ADV", "SCONJ") and doc[i].lemma_ != "be":
        i += 1
    if i >= end or doc[i].lemma_ != "be":
        return None, False
    negated = False
    i += 1
    while i < end and (doc[i].is_punct or doc[i].dep_ == "neg" or doc[i].lower_ == "never"):
        negated = negated or doc[i].dep_ == "neg" or doc[i].lower_ == "never"
        i += 1
    if i < end and _state_word(doc[i]) and not doc[i].sent.text.rstrip().endswith("?"):
        return doc[i], negated
    return None, False


def _quality(t: Token) -> tuple[Token, str, str] | None:
    """A state the sentence gives the happening noun t: (the word saying it, the attribute, the state),
    from "an unprovoked attack", "the attack was not unprovoked", "X characterized the attack as
    unprovoked". A negation gives the opposite state."""
    found = None
    for c in t.children:
        if c.dep_ == "amod" and _state_word(c):
            found, negated = c, False
    head = t.head
    if found is None and t.dep_ == "nsubj" and head.lemma_ == "be" and _asserted(head):
        for c in head.children:
            if c.dep_ in ("acomp", "attr") and _state_word(c):
                found, negated = c, _negated(head)
    if found is None and t.dep_ == "dobj" and head.lemma_.lower() in data.words("states", "describe_verbs") \
            and _asserted(head):
        for c in list(head.children) + list(t.children):   # "as" hangs on the verb or on the noun
            words_ = [c] if c.dep_ in ("oprd", "acomp") else [
                x for x in c.subtree if c.dep_ == "prep" and c.lower_ == "as" and x is not c]
            hit = next((x for x in words_ if _state_word(x)), None)
            if hit is not None:
                found, negated = hit, _negated(head)
                break
    if found is None:
        found, negated = _copula_after(t)
    if found is None:
        return None
    attribute, other = _POLES[_state_word(found)]
    word = _state_word(found)
    return found, attribute, (other if negated else word)


def _happening_of_verb(v: Token) -> str:
    cls = predicate_class(v.lemma_.lower())
    return cls.name if cls is not None else v.lemma_.lower()


def _manner_state(t: Token) -> tuple[Token, str, str, str] | None:
    """How a happening came about, said of its verb: "accidentally entered the tank", "deliberately
    opened the valve" (a pair word with -ly), "entered through an act of sabotage", "fired by accident"
    (a pole noun). Returns (the word saying it, the attribute, the state, the happening)."""
    low = t.lower_
    if t.dep_ == "advmod" and low.endswith("ly") and low[:-2] in _POLES:
        word = low[:-2]
    elif t.pos_ == "NOUN" and (word := data.load("states")["pole_nouns"].get(t.lemma_.lower())):
        if t.dep_ == "attr" and t.head.lemma_ == "be":
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
            if subj is None or _happening_noun(subj) is None or not _asserted(t.head):
                return None
            # "the crash was an accident"
            state = _POLES[word][1] if _negated(t.head) else word
            return t, _POLES[word][0], state, _happening_noun(subj)
    else:
        return None
    verb = manner_verb(t, data.words("states", "cause_prepositions"))
    if verb is None or not _asserted(verb):
        return None
    state = _POLES[word][1] if _negated(verb) else word
    return t, _POLES[word][0], state, _happening_of_verb(verb)


def _initiative(v: Token) -> str | None:
    """Whether the verb's subject fired first or in reply: "X opened fire", "X initiated the clash by
    firing", "X fired warning shots" against "X returned fire", "X fired back" (data/occurrence.json)."""
    if v.pos_ != "VERB" or _negated(v) or not _asserted(v) or not any(c.dep_ == "nsubj" for c in v.children):
        return None
    lemma = v.lemma_.lower()
    for value, patterns in data.load("occurrence")["initiative"].items():
        for verb, what in patterns:
            if verb != lemma:
                continue
            *mods, last = what.split()
            for c in v.children:
                if c.dep_ in ("dobj", "prt", "advmod"):
                    cands = [c]
                elif c.dep_ == "prep" and c.lower_ == "by":
                    cands = [x for x in c.children if x.dep_ in ("pcomp", "pobj")]
                else:
                    continue
                for x in cands:
                    if x.lemma_.lower() == last and all(any(k.dep_ == "compound" and k.lemma_.lower() == m
                                                            for k in x.children) for m in mods):
                        return value
    return None


def _zone_state(t: Token) -> tuple[Token, str, str] | None:
    """Where something was, by the state of a zone it was in or out of: "the destroyer, in international
    waters", "drove the ship out of its territorial waters" (not "extended their territorial waters")."""
    if t.lemma_.lower() not in data.words("states", "zone_nouns") or t.dep_ != "pobj" \
            or t.head.lower_ not in data.words("states", "zone_prepositions") or not _asserted(t.head.head):
        return None
    word = next((c for c in t.children if c.dep_ == "amod" and _state_word(c)), None)
    if word is None:
        return None
    attribute, _ = _POLES[_state_word(word)]
    return word, attribute, _state_word(word)


def _dated_act(v: Token, date_spans: list[tuple[int, int]]) -> bool:
    """A verb of a happening class, asserted in the past with a subject, and dated in its own clause:
    "boats attacked the ship on May 4" says the attack happened that day."""
    if v.pos_ != "VERB" or v.tag_ not in ("VBD", "VBN") or predicate_class(v.lemma_.lower()) is None:
        return False
    if _negated(v) or not _asserted(v) or not any(c.dep_ == "nsubj" for c in v.children):
        return False
    return any(p.dep_ == "prep" and any(s <= q.idx < e for q in p.subtree for s, e in date_spans)
               for p in v.children)


def extract_occurrences(doc: Document, sdoc: Doc, taken: list[tuple[int, int]],
                        dates: list[Mention]) -> list[Mention]:
    """A `state` mention for every sentence that says a happening happened or did not."""
    date_spans = [(m.start, m.end) for m in dates]
    out: list[Mention] = []

    def add(word: Token, si: int, label: str, value: str, counted: str, predicate: str) -> None:
        """A state mention on one word, unless a date, a figure or a name ("the Gulf Incident") has it."""
        s, e = word.idx, word.idx + len(word.text)
        if not any(s < te and ts < e for ts, te in taken):
            out.append(Mention(id="", doc=doc.id or "", start=s, end=e, text=word.text, kind="state", label=label,
                               sentence=si, value=value, counted=counted, predicate=predicate))

    for si, sent in enumerate(sdoc.sents):
        for t in sent:
            if (z := _zone_state(t)) is not None:
                word, attribute, state = z
                add(word, si, "STATE", state, attribute, t.lemma_.lower())
                continue
            if (first := _initiative(t)) is not None:
                add(t, si, "STATE", first, INITIATIVE, "fire")
                continue
            if (ms := _manner_state(t)) is not None:
                word, attribute, state, happening = ms
                add(word, si, "STATE", state, attribute, happening)
                continue
            polarity = None
            name = _happening_noun(t)
            if name is not None and (q := _quality(t)) is not None:
                word, attribute, state = q
                add(word, si, "STATE", state, attribute, name)
            if name is not None:
                polarity = _polarity(t)
            elif _dated_act(t, date_spans):
                polarity, name = HAPPENED, predicate_class(t.lemma_.lower()).name
            if polarity is not None:
                add(t, si, "OCCURRENCE", polarity, t.lemma_.lower(), name)
    for i, m in enumerate(out, 1):
        m.id = f"{doc.id}.o{i}"
    return out
