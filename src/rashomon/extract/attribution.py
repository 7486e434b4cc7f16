"""Attribution: which party a document says gives each statement ("according to X", "X said",
"by their own account", a quote and its speaker, a list introduced by an attributed line).

`attribute(mentions, doc, sdoc)` sets `mention.attributed_to` on every mention to the surface text of
that party, or leaves it None when the document states the thing itself.

How a party's reach (its scope) is found:

* "according to X" / "per X" / "citing X": the clause the phrase hangs on (in practice its sentence).
* "X said/announced/listed/estimated ... that ...": the complements of the speech verb (the `ccomp`,
  `dobj`, `xcomp`, "at"/"as" phrases; the subject of a passive "was announced as"), never the subject
  itself nor the verb's own time and place adjuncts.
* "based on their own assertion", "by its own count", "in X's words": the sentence; the pronoun goes
  to the nearest preceding organisation or person.
* A direct quote: the quoted span, given to the subject of the speech verb next to it.
* A line ending with ":" that carries a party passes it to the list lines after it ("72 tanks"),
  until a heading or an ordinary paragraph; a speech verb whose content is "as follows" passes it to
  the next paragraph too.

The smallest scope containing a mention wins. The author ("we", "I") is never a party, and a party's
own words (its name in the sentence) are not attributed to it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .. import data
from ..models import Document, Mention
from .lines import Line, text_lines

SPEECH_VERBS = data.words("speech", "speech_verbs")
# verbs that attribute only with a source-like subject ("figures show", "the report indicated")
_WEAK_SPEECH = data.words("speech", "weak_speech_verbs")
# "put the toll at 300", "gave the number as 300": only with these prepositions
_PUT_PREPS = {k: frozenset(v) for k, v in data.load("speech")["put_prepositions"].items()}
COMM_NOUNS = data.words("speech", "communication_nouns")
# nouns after "according to" that are not parties ("according to the plan")
_NOT_PARTY = data.words("speech", "not_party_nouns")
_UNIT_NOUNS = data.words("counting", "per_unit_nouns")
# common nouns that do not make statements (never the antecedent of "their own account")
_NOT_AGENT = data.words("speech", "not_agent_nouns")
# sources that "were as follows:" / "stand at": "the agency's figures were as follows:"
_DATA_NOUNS = data.words("speech", "data_nouns")
_SPOKES = data.words("speech", "spokes_nouns")
_CALENDAR = data.words("calendar", "weekdays") | data.words("calendar", "months")
AUTHOR = data.words("speech", "author_pronouns")
_PERSON_PRON = data.words("speech", "person_pronouns")
_GROUP_PRON = data.words("speech", "group_pronouns")
_PARTY_LABELS = {"PERSON", "ORG", "NORP", "GPE", "FAC"}
_DETS = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|that|these|those|according to)\s+", re.I)
_POSS = re.compile(r"(?:['’]s|['’])(?:\s+own)?$|\s+own$", re.I)
_QUOTE_RE = re.compile(r"“[^”]{8,}”|\"[^\"\n]{8,}\"|«[^»]{8,}»")
_CONTENT_DEPS = {"ccomp", "dobj", "obj", "xcomp", "oprd", "attr", "dative", "parataxis"}
_TIME_WORDS = data.words("counting", "attribution_time_words")
_FOLLOWS = re.compile(r"\bas\s+follows?\b|\bthe\s+following\b|:\s*$", re.I)


def lemma_is_weak(v: Token) -> bool:
    """Participles that say a thing was made public without saying who vouches for it."""
    return v.lemma_.lower() in ("release", "publish", "post", "list", "record", "register", "show")


def normalize_party(text: str) -> str:
    """A party's name without determiners and possessive noise: "the MVO's own" -> "MVO"."""
    s = (text or "").strip().strip("\"'“”‘’«»()[],.;:")
    prev = None
    while s != prev:
        prev = s
        s = _DETS.sub("", s).strip()
        s = _POSS.sub("", s).strip()
        if s.lower() in ("own", "its", "their", "his", "her", "the"):
            s = ""
    return s


@dataclass
class _Scope:
    start: int
    end: int
    party: str
    exclude: list[tuple[int, int]] = field(default_factory=list)
    line: int | None = None  # line key (count of line breaks before) of the trigger, for list continuation
    follows: bool = False    # the statement continues after the line ("as follows:")


class _Attributor:
    def __init__(self, doc: Document, sdoc: Doc):
        self.doc, self.sdoc, self.text = doc, sdoc, doc.text
        self.lines = text_lines(doc.text)
        self.line_starts = [ln.start for ln in self.lines]
        self.breaks = [i for i, c in enumerate(doc.text) if c == "\n"]
        self.ents = [e for e in sdoc.ents if e.label_ in _PARTY_LABELS]
        self.sents = list(sdoc.sents)
        self.sent_starts = [s.start for s in self.sents]

    # ---------------------------------------------------------------- geometry
    def line_of(self, char: int) -> Line | None:
        i = bisect.bisect_right(self.line_starts, char) - 1
        if i >= 0 and self.lines[i].start <= char <= self.lines[i].end:
            return self.lines[i]
        return None

    def line_key(self, char: int) -> int:
        return bisect.bisect_right(self.breaks, char - 1)

    def same_line(self, a: Token, b: Token) -> bool:
        return self.line_key(a.idx) == self.line_key(b.idx)

    def clip(self, start: int, end: int, anchor: int) -> tuple[int, int] | None:
        """A char span clipped to the line holding `anchor`."""
        ln = self.line_of(anchor)
        if ln is None:
            return None
        s, e = max(start, ln.start), min(end, ln.end)
        return (s, e) if s < e else None

    def tok_span(self, toks) -> tuple[int, int] | None:
        toks = [t for t in toks if not t.is_space]
        if not toks:
            return None
        a = min(t.idx for t in toks)
        b = max(t.idx + len(t.text) for t in toks)
        return a, b

    def sentence_scope(self, t: Token) -> tuple[int, int] | None:
        s = t.sent
        return self.clip(s.start_char, s.end_char, t.idx)

    # ---------------------------------------------------------------- parties
    def party_np(self, tok: Token) -> tuple[str, list[tuple[int, int]]] | None:
        """The party a noun phrase names (its text and the char spans it covers), or None."""
        low = tok.lower_
        if tok.pos_ == "PRON" or low in AUTHOR | _PERSON_PRON | _GROUP_PRON:
            return self.resolve(tok)
        if tok.lemma_.lower() in COMM_NOUNS or low in COMM_NOUNS:
            inner = self.source_of(tok)
            if inner is not None:
                return inner
        toks = self.np_tokens(tok)
        span = self.tok_span(toks)
        if span is None:
            return None
        text = self.text[span[0]:span[1]].strip(" \t\n,;:\"'“”‘’()")
        text = re.sub(r"\s+", " ", text)
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        if not text or not any(c.isalpha() for c in text):
            return None
        return text, [span]

    def source_of(self, noun: Token) -> tuple[str, list[tuple[int, int]]] | None:
        """For "X's figures", "a report by X", "figures from X", "estimates of the UN": X."""
        for c in noun.children:
            if c.dep_ == "poss":
                got = self.party_np(c)
                if got is not None:
                    return got
        for c in noun.children:
            if c.dep_ == "acl":  # "figures released by the ministry"
                for a in c.children:
                    if a.dep_ == "agent":
                        for g in a.children:
                            if g.dep_ == "pobj":
                                got = self.party_np(g)
                                if got is not None:
                                    return got
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from", "of", "at", "in"):
                for g in c.children:
                    if g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in _PARTY_LABELS
                                             or c.lower_ in ("by", "from")):
                        got = self.party_np(g)
                        if got is not None:
                            return got
        return None

    def np_tokens(self, tok: Token) -> list[Token]:
        keep = {"det", "amod", "compound", "nmod", "poss", "case", "nummod", "quantmod", "flat", "prep",
                "pobj", "conj", "cc", "npadvmod", "advmod", "punct"}
        out = [tok]
        stack = [(tok, 0)]
        while stack:
            t, depth = stack.pop()
            for c in t.children:
                if c.dep_ == "appos" and t.i == tok.i and c.pos_ == "PROPN" and tok.pos_ == "NOUN" \
                        and c.left_edge.i == tok.i + 1:
                    out.extend(c.subtree)  # "the opposition newspaper Daily Voice"
                    continue
                if not self.same_line(c, tok) or c.dep_ not in keep:
                    continue
                if c.dep_ == "prep" and c.lower_ not in ("of", "in", "at", "for", "from", "on"):
                    continue
                if c.dep_ == "punct" and c.text not in ("-", "–", "'", "’", "&", "."):
                    continue
                if depth > 3:
                    continue
                out.append(c)
                stack.append((c, depth + 1))
        # keep the contiguous run around the head
        idx = {t.i for t in out}
        lo = hi = tok.i
        while lo - 1 in idx:
            lo -= 1
        while hi + 1 in idx:
            hi += 1
        run = range(lo, hi + 1)
        toks = [self.sdoc[i] for i in run]
        while toks and (toks[-1].is_punct or (toks[-1].dep_ in ("cc", "prep", "case")
                                              and toks[-1].lower_ not in ("'s", "’s"))):
            toks.pop()
        while toks and toks[0].is_punct:
            toks.pop(0)
        if len(toks) > 14:
            toks = [t for t in toks if t.i >= tok.i - 4 and t.i <= tok.i]
        return toks

    def resolve(self, pron: Token) -> tuple[str, list[tuple[int, int]]] | None:
        """The nearest preceding organisation, group or person a pronoun stands for, looking back at
        most three sentences; None for the author ("we", "I") and when nothing fits."""
        low = pron.lower_
        if low in AUTHOR or low not in _PERSON_PRON | _GROUP_PRON:
            return None
        person = low in _PERSON_PRON
        plural = low in ("they", "them", "their", "theirs", "themselves")
        sents = self.sents
        si = max(0, bisect.bisect_right(self.sent_starts, pron.i) - 1)
        for k in range(si, max(-1, si - 4), -1):
            s = sents[k]
            limit = pron.i if k == si else s.end
            cands = self.candidates(s.start, limit, person, plural)
            if cands:
                a, b = self.salient(cands, s)
                text = re.sub(r"^(?:the|The)\s+", "", self.text[a:b])
                text = _POSS.sub("", text).strip()
                if text:
                    return text, [(a, b)]
        return None

    def salient(self, cands: list[tuple[int, int]], sent) -> tuple[int, int]:
        """The candidate a pronoun most likely stands for: the sentence's subject when it is one (a
        subject is more salient than an object or a possessor, as in Lappin and Leass's ranking:
        "Mayor X criticised President Y's response. '...', she said" is X), else the nearest."""
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"]
        for t in subjects:
            span = (t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text))
            inside = [c for c in cands if span[0] <= c[0] and c[1] <= span[1]]
            if inside:
                return inside[-1]
        return cands[-1]

    def candidates(self, start: int, end: int, person: bool, plural: bool) -> list[tuple[int, int]]:
        """Char spans of the parties a pronoun may stand for between tokens start and end, in text
        order: named entities, proper nouns spaCy did not label ("the MVO") and, for "they"/"it",
        common nouns that agree in number ("the rebels", "the ministry")."""
        spans: list[tuple[int, int]] = []
        covered: set[int] = set()
        for e in self.ents:
            if e.start >= start and e.end <= end and "\n" not in e.text:
                if person and e.label_ != "PERSON":
                    continue
                toks = [t for t in e if t.lower_ != "the"]
                while toks and toks[-1].lower_ in ("'s", "’s"):
                    toks.pop()
                if toks:
                    spans.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
                    covered.update(range(e.start, e.end))
        i = start
        while i < end:
            t = self.sdoc[i]
            if t.pos_ == "PROPN" and i not in covered and t.text[:1].isupper() and not person \
                    and t.ent_type_ in ("", "ORG", "NORP", "GPE", "PERSON", "FAC") \
                    and t.lower_ not in _CALENDAR:
                j = i
                while j + 1 < end and self.sdoc[j + 1].pos_ == "PROPN" and self.same_line(self.sdoc[j + 1], t):
                    j += 1
                spans.append((t.idx, self.sdoc[j].idx + len(self.sdoc[j].text)))
                covered.update(range(i, j + 1))
                i = j + 1
                continue
            if not person and t.pos_ == "NOUN" and i not in covered and (t.tag_ in ("NNS", "NNPS")) == plural \
                    and t.ent_type_ not in ("DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL") \
                    and t.dep_ not in ("compound", "poss", "amod") and t.lemma_.lower() not in _NOT_AGENT \
                    and t.lemma_.lower() not in COMM_NOUNS and t.lower_ not in COMM_NOUNS:
                left = t.left_edge.i if t.left_edge.i >= start else t.i
                toks = [x for x in self.sdoc[left:t.i + 1] if x.dep_ != "det" and not x.is_punct]
                if toks:
                    spans.append((toks[0].idx, t.idx + len(t.text)))
            i += 1
        spans.sort(key=lambda sp: (sp[1], sp[0]))
        return spans

    # ---------------------------------------------------------------- subjects of speech verbs
    def subject(self, v: Token) -> Token | None:
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                    return v.head
                return c
        for c in v.children:
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            return self.subject(v.head)
        if v.dep_ in ("advcl", "xcomp") and v.tag_ == "VBG" and v.head.pos_ in ("VERB", "AUX"):
            return self.subject(v.head)  # "..., saying 12 people were missing"
        return None

    def is_passive(self, v: Token) -> bool:
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in v.children)

    # ---------------------------------------------------------------- the scopes
    def scopes(self) -> list[_Scope]:
        out: list[_Scope] = []
        for t in self.sdoc:
            low = t.lower_
            if low == "according" and t.i + 1 < len(self.sdoc) and self.sdoc[t.i + 1].lower_ == "to":
                out += self.according(t)
            elif low == "per" and t.dep_ == "prep" and t.head.pos_ in ("VERB", "AUX"):
                out += self.prep_source(t)
            elif low in ("citing", "quoting") and t.pos_ == "VERB":
                out += self.citing(t)
            elif t.pos_ in ("NOUN", "PROPN") and (t.lemma_.lower() in COMM_NOUNS or low in COMM_NOUNS):
                out += self.own_account(t)
            if t.lemma_.lower() in SPEECH_VERBS and low != "according" and (
                    t.pos_ in ("VERB", "AUX") or any(c.dep_ == "ccomp" for c in t.children)):
                out += self.speech(t)
        out += self.quotes()
        out += self.continuations(out)
        return out

    def _clause(self, t: Token) -> tuple[int, int] | None:
        h = t.head
        if h.pos_ in ("VERB", "AUX") and h.dep_ not in ("ROOT",) and h.dep_ in ("advcl", "ccomp", "relcl",
                                                                                 "conj", "xcomp"):
            span = self.tok_span(list(h.subtree))
            if span:
                return self.clip(span[0], span[1], t.idx)
        return self.sentence_scope(t)

    def according(self, t: Token) -> list[_Scope]:
        to = self.sdoc[t.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if not objs:
            k = t.i + 2
            while k < len(self.sdoc) and self.sdoc[k].pos_ in ("DET", "ADJ", "PROPN", "NOUN", "PRON") \
                    and self.same_line(self.sdoc[k], t):
                k += 1
            cands = [self.sdoc[x] for x in range(t.i + 2, k) if self.sdoc[x].pos_ in ("NOUN", "PROPN", "PRON")]
            if not cands:
                return []
            objs = [cands[-1]]
        obj = objs[0]
        if obj.lemma_.lower() in _NOT_PARTY:
            return []
        got = self.party_np(obj)
        if got is None:
            return []
        party, spans = got
        scope = self._clause(t)
        if scope is None:
            return []
        own = self.tok_span([t, to] + list(obj.subtree))
        return [_Scope(scope[0], scope[1], party, spans + ([own] if own else []),
                       line=self.line_key(t.idx))]

    def prep_source(self, t: Token) -> list[_Scope]:
        objs = [c for c in t.children if c.dep_ == "pobj"]
        if not objs or objs[0].like_num or objs[0].lemma_.lower() in _NOT_PARTY:
            return []
        obj = objs[0]
        if obj.lemma_.lower() in _UNIT_NOUNS or obj.pos_ not in ("NOUN", "PROPN"):
            return []
        got = self.party_np(obj)
        scope = self.sentence_scope(t)
        if got is None or scope is None:
            return []
        own = self.tok_span([t] + list(obj.subtree))
        return [_Scope(scope[0], scope[1], got[0], got[1] + ([own] if own else []), line=self.line_key(t.idx))]

    def citing(self, t: Token) -> list[_Scope]:
        objs = [c for c in t.children if c.dep_ in ("dobj", "obj")]
        if not objs:
            return []
        got = self.party_np(objs[0])
        scope = self.sentence_scope(t)
        if got is None or scope is None:
            return []
        own = self.tok_span(list(t.subtree))
        return [_Scope(scope[0], scope[1], got[0], got[1] + ([own] if own else []), line=self.line_key(t.idx))]

    def own_account(self, n: Token) -> list[_Scope]:
        """"based on their own assertion", "by its own count", "in the ministry's words", and
        "the agency's figures were as follows:"."""
        if n.dep_ in ("nsubj", "nsubjpass") and n.lemma_.lower() in _DATA_NOUNS and n.head.lemma_.lower() in (
                "be", "include", "read", "stand", "total", "give", "list"):
            poss = [c for c in n.children if c.dep_ == "poss"]
            got = self.party_np(poss[0]) if poss else self.source_of(n)
            scope = self.sentence_scope(n)
            if got is None or scope is None:
                return []
            own = self.tok_span([t for t in n.subtree if t.i <= n.i])
            return [_Scope(scope[0], scope[1], got[0], got[1] + ([own] if own else []),
                           line=self.line_key(n.idx))]
        if n.dep_ != "pobj" or n.head.lower_ not in ("on", "by", "to", "from", "in", "per", "under", "upon",
                                                     "after"):
            return []
        prep = n.head
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            return []  # handled by according()
        poss = [c for c in n.children if c.dep_ == "poss"]
        if not poss:
            return []
        if prep.lower_ == "by" and not any(c.lower_ == "own" for c in n.children) and \
                n.lemma_.lower() not in ("account", "count", "estimate", "tally", "reckoning", "admission",
                                         "calculation", "estimation", "figure", "figures"):
            return []
        if prep.lower_ in ("in", "from", "after") and n.lemma_.lower() not in ("word", "words", "view",
                                                                              "estimate", "estimation",
                                                                              "figure", "figures", "count",
                                                                              "statement", "report",
                                                                              "account", "opinion"):
            return []
        if prep.lower_ in ("on", "upon") and prep.head.lower_ not in ("based", "relying", "basing", "drawing",
                                                                      "depending", "rely", "base") \
                and prep.head.lemma_.lower() not in ("base", "rely", "draw", "depend"):
            return []
        own_word = any(c.lower_ == "own" for c in n.children)
        got = (self.clause_subject(prep, poss[0]) if own_word else None) or self.party_np(poss[0])
        scope = self.sentence_scope(n)
        if got is None or scope is None:
            return []
        own = self.tok_span([prep, n] + list(n.subtree) + ([prep.head] if prep.head.lower_ in ("based",) else []))
        return [_Scope(scope[0], scope[1], got[0], got[1] + ([own] if own else []), line=self.line_key(n.idx))]

    def clause_subject(self, prep: Token, pron: Token) -> tuple[str, list[tuple[int, int]]] | None:
        """For a fronted or inserted "by its own account" / "based on their own tally": the subject of
        the clause it belongs to, when that subject can make a statement and agrees with the pronoun
        ("By its own account, the army deployed 6,000 soldiers")."""
        if pron.lower_ not in _GROUP_PRON | _PERSON_PRON:
            return None
        v = prep.head
        for _ in range(4):
            if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("acl", "amod", "prep", "pcomp"):
                break
            if v.head.i == v.i:
                return None
            v = v.head
        else:
            return None
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ == "PRON" or subj.lemma_.lower() in _NOT_AGENT \
                or subj.lemma_.lower() in COMM_NOUNS or any(t.like_num for t in subj.subtree):
            return None  # "By their own count, 40,000 supporters attended": the subject is counted
        plural = pron.lower_ in ("they", "them", "their", "theirs", "themselves")
        if subj.pos_ == "NOUN" and (subj.tag_ in ("NNS", "NNPS")) != plural:
            return None
        return self.party_np(subj)

    def speech(self, v: Token) -> list[_Scope]:
        lem = v.lemma_.lower()
        if v.dep_ == "acl" and v.tag_ == "VBN":
            return self.reported_noun(v)
        subj = self.subject(v)
        if subj is None:
            return []
        if subj.lower_ in AUTHOR:
            return []
        if subj.lower_ == "it" and (self.is_passive(v) or any(c.dep_ == "expl" for c in v.children)):
            return []
        data_obj = any(c.dep_ in ("dobj", "obj") and (c.lemma_.lower() in _DATA_NOUNS or any(
            g.lower_ == "following" for g in c.children)) for c in v.children)
        if lem in _WEAK_SPEECH and not data_obj:
            src = subj.lemma_.lower() in COMM_NOUNS or subj.lower_ in COMM_NOUNS
            named = subj.pos_ == "PROPN" or subj.ent_type_ in _PARTY_LABELS or subj.pos_ == "PRON" \
                or subj.lemma_.lower() in ("official", "ministry", "police", "government", "authority",
                                           "spokesman", "spokeswoman", "spokesperson", "agency", "group",
                                           "organization", "organisation", "army", "military", "source",
                                           "union", "company", "committee", "commission", "office",
                                           "organizer", "organiser", "witness", "resident", "activist",
                                           "doctor", "observer", "monitor", "rescuer", "medic", "analyst",
                                           "historian", "report", "estimate", "survey", "census")
            if not (src or named):
                return []
            if lem in ("show", "indicate", "suggest") and not src and subj.pos_ != "PROPN":
                return []
        if lem in _PUT_PREPS and not data_obj and not any(c.dep_ == "prep" and c.lower_ in _PUT_PREPS[lem]
                                                          for c in v.children):
            return []  # "put the death toll at 300", not "put a force together"
        got = self.speaker(subj)
        if got is None:
            return []
        party, pspans = got
        spans: list[tuple[int, int] | None] = []
        for c in v.children:
            if not self.same_line(c, v):
                continue
            if c.dep_ in _CONTENT_DEPS and (lem not in _PUT_PREPS or c.dep_ in ("dobj", "obj")):
                spans.append(self.tok_span(list(c.subtree)))
            elif c.dep_ == "prep" and c.i > v.i and self.content_prep(v, c):
                spans.append(self.tok_span(list(c.subtree)))
            elif c.dep_ in ("nsubjpass",):
                spans.append(self.tok_span(list(c.subtree)))
        if v.dep_ == "parataxis" or (v.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark"
                                                              for c in v.children)):
            h = v.head
            whole = self.tok_span(list(h.subtree))
            own = self.tok_span(list(v.subtree))
            if whole and own:
                if whole[0] < own[0]:
                    spans.append((whole[0], own[0]))
                if own[1] < whole[1]:
                    spans.append((own[1], whole[1]))
        if v.dep_ in ("relcl", "conj", "ccomp", "advcl") and v.i > v.sent.root.i and not v.sent.root.lemma_ in (
                "say", "tell"):
            # "The quake killed 600 people, the opposition Civic Union said": the parser often hangs
            # the trailing speech clause off a noun; what it reports is the sentence before the comma
            commas = [t.i for t in v.sent if t.text == "," and v.sent.root.i < t.i < min(subj.i, v.i)]
            relative = any(t.tag_ in ("WDT", "WP", "WP$") for t in v.subtree)
            if commas and not relative:
                spans.append((v.sent.start_char, v.doc[commas[-1]].idx))
        scopes: list[_Scope] = []
        line = self.line_key(v.idx)
        subj_span = self.tok_span(list(subj.subtree)) if subj.i < v.i or subj.head.i == v.i else None
        excl = pspans + ([subj_span] if subj_span else [])
        for sp in spans:
            if sp is None:
                continue
            c = self.clip(sp[0], sp[1], v.idx)
            if c is not None:
                scopes.append(_Scope(c[0], c[1], party, excl, line=line))
        ln = self.line_of(v.idx)
        if ln is not None and ln.text.endswith(":"):
            # "X stated:" / "X broadcast the news as follows:": the statement is what comes next
            rest = self.text[v.idx + len(v.text):ln.end]
            follows = not any(spans) or bool(_FOLLOWS.search(rest) and len(rest.split()) <= 6)
            scopes.append(_Scope(v.idx, v.idx, party, excl, line=line, follows=follows))
        return scopes

    def speaker(self, subj: Token) -> tuple[str, list[tuple[int, int]]] | None:
        """The party a speech verb's subject names; a named apposition wins ("its spokeswoman, Lena
        Varga, said"), and a spokesperson of "its"/"their" speaks for the organisation."""
        for c in subj.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN" and subj.pos_ == "NOUN" and c.i > subj.i:
                got = self.party_np(c)
                if got is not None:
                    return got[0], got[1] + [self.tok_span(list(subj.subtree))]
        poss = [c for c in subj.children if c.dep_ == "poss" and c.lower_ in _GROUP_PRON]
        if poss and subj.lemma_.lower() in _SPOKES:
            got = self.resolve(poss[0])
            if got is not None:
                return got[0], got[1] + [self.tok_span(list(subj.subtree))]
        return self.party_np(subj)

    def reported_noun(self, v: Token) -> list[_Scope]:
        """"10,000 layoffs announced by Microfirm": the noun phrase the participle hangs on."""
        agent = next((g for a in v.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        if agent is None or lemma_is_weak(v):
            return []
        got = self.party_np(agent)
        noun = v.head
        span = self.tok_span([t for t in noun.subtree if t.i < v.i])
        if got is None or span is None:
            return []
        c = self.clip(span[0], span[1], noun.idx)
        return [_Scope(c[0], c[1], got[0], got[1], line=self.line_key(v.idx))] if c else []

    def content_prep(self, v: Token, prep: Token) -> bool:
        """Whether a preposition after a speech verb carries what is said: "put the toll at 300",
        "announced the number as 6,000", "spoke of 300 dead" (not "at 2 p.m.", "on Monday")."""
        lem, p = v.lemma_.lower(), prep.lower_
        if p not in ("at", "as", "of", "about"):
            return False
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if not objs:
            return p == "as"
        obj = objs[0]
        if (obj.ent_type_ in ("DATE", "TIME") and not obj.like_num) or obj.lemma_.lower() in _TIME_WORDS:
            return False
        if p in ("of", "about"):
            return lem in ("speak", "tell", "write", "report", "warn", "talk", "complain", "boast", "inform")
        return lem in _PUT_PREPS or lem in ("announce", "estimate", "report", "give", "list", "state",
                                           "declare", "record", "confirm", "claim", "describe", "cite")

    def quotes(self) -> list[_Scope]:
        """Direct quotes and their speakers; a quote with no speech verb of its own that follows a
        quoted speaker in the same paragraph continues that speaker's words."""
        out: list[_Scope] = []
        last: tuple[int, tuple[str, list[tuple[int, int]]], int] | None = None  # (line key, party, end)
        for m in _QUOTE_RE.finditer(self.text):
            qs, qe = m.start(), m.end()
            inner = m.group(0)[1:-1]
            if len(inner.split()) < 4:
                continue
            got = None
            v = self.quote_verb(qs, qe)
            if v is not None:
                subj = self.subject(v)
                if subj is not None and subj.lower_ not in AUTHOR:
                    got = self.party_np(subj)
            elif last is not None and last[0] == self.line_key(qs) and not re.search(r"[“”\"]", self.text[last[2]:qs]):
                got = last[1]
            if got is None:
                continue
            out.append(_Scope(qs, qe, got[0], got[1], line=None))
            last = (self.line_key(qs), got, qe)
        return out

    def quote_verb(self, qs: int, qe: int) -> Token | None:
        """A speech verb right after a quote (", he said") or right before it ("He said: “...”")."""
        after = self.text[qe:qe + 60]
        before = self.text[max(0, qs - 80):qs]
        m = re.match(r"\s*[,;]?\s*", after)
        start_after = qe + (m.end() if m else 0)
        span = self.sdoc.char_span(start_after, min(len(self.text), start_after + 50), alignment_mode="expand")
        if span is not None and "\n" not in self.text[qe:start_after]:
            for t in list(span)[:5]:
                if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX"):
                    return t
                if t.text in (".", "\n") or t.is_space:
                    break
        if re.search(r"[:,]\s*$", before) and "\n" not in before.rstrip()[-60:]:
            span = self.sdoc.char_span(max(0, qs - 80), qs, alignment_mode="expand")
            if span is not None:
                for t in reversed(list(span)):
                    if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX") \
                            and "." not in self.text[t.idx:qs]:
                        return t
        return None

    def continuations(self, scopes: list[_Scope]) -> list[_Scope]:
        """List lines (and "as follows:" paragraphs) after an attributed line ending with ":"."""
        out: list[_Scope] = []
        by_line: dict[int, _Scope] = {}
        for sc in scopes:
            if sc.line is None:
                continue
            prev = by_line.get(sc.line)
            if prev is None or sc.end >= prev.end or sc.follows:
                by_line[sc.line] = sc
        for k, ln in enumerate(self.lines):
            if not ln.text.endswith(":"):
                continue
            sc = by_line.get(self.line_key(ln.start))
            if sc is None:
                continue
            items = [x for x in self.lines[k + 1:] if x.item and x.intro_line == k]
            for x in items:
                out.append(_Scope(x.start, x.end, sc.party, sc.exclude))
            if not items and sc.follows and k + 1 < len(self.lines):
                nxt = self.lines[k + 1]
                if not nxt.heading:
                    out.append(_Scope(nxt.start, nxt.end, sc.party, sc.exclude))
        return out


def attribute(mentions: list[Mention], doc: Document, sdoc: Doc) -> None:
    """Set `attributed_to` on every mention: the surface text of the party the document says gives the
    statement, or None when the document states it itself.

    Args:
        mentions: mentions of one document (any kind); mutated in place.
        doc: the document.
        sdoc: spaCy's parse of exactly `doc.text`.
    """
    if not mentions:
        return
    if not doc.text or len(sdoc) == 0:
        for m in mentions:
            m.attributed_to = None
        return
    scopes = [s for s in _Attributor(doc, sdoc).scopes() if s.start < s.end]
    for m in mentions:
        best: _Scope | None = None
        for sc in scopes:
            if not (sc.start <= m.start and m.end <= sc.end):
                continue
            if any(m.start < b and a < m.end for a, b in sc.exclude):
                continue
            if best is None or (sc.end - sc.start) < (best.end - best.start):
                best = sc
        m.attributed_to = best.party if best is not None else None


__all__ = ["attribute", "normalize_party", "SPEECH_VERBS", "COMM_NOUNS"]
