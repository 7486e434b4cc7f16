"""Entity resolution over a corpus: name mentions in, canonical entities out.

Steps (each a method of `_Resolver`):

1. per document: clean every mention into a name form, widen it with what the text writes
   around it (`expand`), add the names spaCy cut short or missed as *phantom* forms (`patterns`,
   never mentions, only aliases), and read the document's glosses (`glosses`);
2. nodes: one per (document, name key); a surname alone becomes part of the full name of the
   same document that the text last or most often used (`_partials`);
3. candidate pairs of distinct keys, blocked (by folded key, skeleton, token, acronym letters)
   and scored once per pair of surface keys, never per pair of mentions (`scoring.score_forms`);
4. union-find (`cluster.UnionFind`): within each document first (glosses, partial names, scored
   pairs), then equal keys across documents (one sense per context), then scored pairs across
   documents, each checked against the constraints and the co-occurrence context;
5. the alias file's merges; entities with canonical name, majority type and every alias.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..models import Document, Entity, Mention
from .aliases import AliasRules, load_aliases
from ..settings import BLOCK_CAP, CONTEXTUAL, MERGE, MIN_CONTEXT, TIE
from .cluster import UnionFind, document_frequency
from .expand import ezafe, extras
from .fold import tokens, translit
from .titles import leading_titles
from .forms import PLACE_DESIGNATORS, Form, clean_span, display, is_junk, make_form
from .glosses import find_glosses
from .naming import choose_canonical, designator_free, entity_type
from .patterns import pattern_names
from .scoring import Scored, score_forms


# Words around a name that say it is a place ("the city of X", "towards X", "X province").
_PLACE_CUE = re.compile(
    r"(?:\b(?:city|town|village|cities|towns|villages|province|capital|region|outskirts|area|"
    r"strait|gorge|pass|people|residents|inhabitants|streets|border|borders|governor)\s+of\s+"
    r"(?:the\s+)?|\b(?:in|near|toward|towards|into|across|reaching|reached|invading|invaded|"
    r"captured|capture|seized|seize|occupied|occupying|liberated|entered|conquered|conquer)\s+"
    r"(?:the\s+)?)[“\"‘']?$", re.I)
_PLACE_CUE_RIGHT = re.compile(r"[”\"’']?\s+(?:province|city|road|highway|border|district|county)\b|"
                              r"\s+[–—-]\s+[A-Z]\w+\s+road\b")


_LABEL_CLASS = {"PERSON": "PERSON", "NORP": "NORP", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
                "ORG": "ORG", "EVENT": "EVENT", "LAW": "LAW"}


@dataclass
class Node:
    id: int
    doc: str
    key: str
    keys: set[str] = field(default_factory=set)
    forms: Counter = field(default_factory=Counter)      # display text -> mentions using it
    aliases: set[str] = field(default_factory=set)       # every display form seen for the node
    mentions: list[str] = field(default_factory=list)
    labels: Counter = field(default_factory=Counter)
    hints: Counter = field(default_factory=Counter)
    spans: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (sentence, start) per mention
    order: int = 1 << 60                                  # input position of the first mention


@dataclass
class _DocData:
    text: str | None
    span_node: dict[tuple[int, int], int] = field(default_factory=dict)
    links: list = field(default_factory=list)
    meanings: list = field(default_factory=list)


class _Resolver:
    def __init__(self, docs: dict[str, Document], rules: AliasRules):
        self.docs = docs
        self.rules = rules
        self.split_keys = {make_form(n).key for n in rules.split_names if not is_junk(n)}
        self.nodes: list[Node] = []
        self.index: dict[tuple[str, str], int] = {}
        self.doc_data: dict[str, _DocData] = {}
        self.mention_node: dict[str, int] = {}
        self.key_forms: dict[str, Counter] = defaultdict(Counter)
        self.key_labels: dict[str, Counter] = defaultdict(Counter)
        self.key_titled: set[str] = set()

    # ------------------------------------------------------------------ nodes
    def node_for(self, doc: str, key: str) -> Node:
        i = self.index.get((doc, key))
        if i is None:
            i = len(self.nodes)
            self.index[(doc, key)] = i
            self.nodes.append(Node(i, doc, key, {key}))
        return self.nodes[i]

    def add_doc(self, doc_id: str, ms: list[tuple[int, Mention]]) -> None:
        d = self.docs.get(doc_id)
        text = d.text if d is not None else None
        dd = self.doc_data.setdefault(doc_id, _DocData(text))
        # owner[i]: 1 + the index of the mention whose span covers text[i], 0 when none does
        owner = [0] * (len(text) if text is not None else 0)
        for j, (_, m) in enumerate(ms, 1):
            if text is not None and text[m.start:m.end] == m.text:
                for i in range(m.start, m.end):
                    owner[i] = owner[i] or j

        def covered(i: int) -> bool:
            return 0 <= i < len(owner) and owner[i] != 0

        def contained(s: int, e: int) -> bool:
            return e > s and owner[s] != 0 and all(owner[i] == owner[s] for i in range(s, e))

        spans: list[tuple[int, int]] = []
        for pos, m in ms:
            if text is not None and text[m.start:m.end] == m.text:
                src, s0, e0 = text, m.start, m.end
            else:  # no text to look around in: the mention's own text is all there is
                src, s0, e0 = m.text, 0, len(m.text)
            s, e = clean_span(src, s0, e0)
            if s >= e or is_junk(src[s:e]):
                continue
            s, e = ezafe(src, s, e)
            shown = display(src[s:e])
            form = make_form(shown)
            node = self.node_for(doc_id, form.key)
            node.mentions.append(m.id)
            node.order = min(node.order, pos)
            node.forms[shown] += 1
            node.aliases.update({shown, form.name})
            node.labels[m.label] += 1
            if form.hint:
                node.hints[form.hint] += 1.5
            if form.title:
                self.key_titled.add(form.key)
            node.sentences.append((m.sentence, m.start))
            self.mention_node[m.id] = node.id
            self.key_forms[form.key][shown] += 1
            self.key_labels[form.key][m.label] += 1
            if src is text:
                node.spans.append((s, e))
                dd.span_node[(s, e)] = node.id
                spans.append((s, e))
                if _PLACE_CUE.search(text[max(0, s - 40):s]) or _PLACE_CUE_RIGHT.match(text, e):
                    node.hints["PLACE"] += 1.0
                for xs, xe in extras(text, s, e, m.label, covered):
                    self._add_form(node, display(text[xs:xe]))
                    dd.span_node.setdefault((xs, xe), node.id)
                    spans.append((xs, xe))
                # the other lines of a span that ran over a line break are names of their own
                for part in re.finditer(r"[^\n]+", text[m.start:m.end]):
                    ps, pe = clean_span(text, m.start + part.start(), m.start + part.end())
                    if pe > ps and (ps, pe) != (s, e) and not (s <= ps and pe <= e) \
                            and not is_junk(text[ps:pe]):
                        self._phantom(doc_id, ps, pe, spans)
        if text is None:
            return
        for ps, pe, label in pattern_names(text, runs=True):
            if contained(ps, pe) or (label == "RUN" and any(owner[ps:pe])):
                continue  # a capitalized run around a mention adds nothing but noise
            s, e = clean_span(text, ps, pe)
            if e > s and not is_junk(text[s:e]):
                s, e = ezafe(text, s, e)
                node = self._phantom(doc_id, s, e, spans)
                if label in ("EVENT", "LAW"):
                    node.hints[label] += 0.5
        links, meanings, hints, new = find_glosses(text, spans)
        for s, e in new:
            cs, ce = clean_span(text, s, e)
            if ce > cs and not is_junk(text[cs:ce]):
                node = self._phantom(doc_id, cs, ce, spans)
                dd.span_node[(s, e)] = node.id
        for link in links:
            a, b = dd.span_node.get(link.a), dd.span_node.get(link.b)
            if a is not None and b is not None and a != b:
                dd.links.append((a, b, link.kind))
        for mng in meanings:
            a = dd.span_node.get(mng.span)
            if a is not None:
                dd.meanings.append((a, mng.words))
        for span, hint in hints.items():
            n = dd.span_node.get(span)
            if n is not None:
                self.nodes[n].hints[hint] += 2

    def _add_form(self, node: Node, shown: str) -> None:
        if is_junk(shown):
            return
        form = make_form(shown)
        node.keys.add(form.key)
        node.aliases.update({shown, form.name})
        self.key_forms[form.key][shown] += 0  # known, but not a mention's form
        if form.title:
            self.key_titled.add(form.key)

    def _phantom(self, doc_id: str, s: int, e: int, spans: list) -> Node:
        text = self.doc_data[doc_id].text
        shown = display(text[s:e])
        form = make_form(shown)
        node = self.node_for(doc_id, form.key)
        node.aliases.update({shown, form.name})
        node.spans.append((s, e))
        self.doc_data[doc_id].span_node.setdefault((s, e), node.id)
        self.key_forms[form.key][shown] += 0
        spans.append((s, e))
        return node

    # ------------------------------------------------------------------ key facts
    def form_of(self, key: str) -> Form:
        forms = self.key_forms.get(key)
        if forms:
            return make_form(max(forms, key=lambda f: (forms[f], -len(f), f)))
        return make_form(key)

    def is_person(self, key: str) -> bool:
        labels = self.key_labels.get(key, Counter())
        total = sum(labels.values())
        return key in self.key_titled or (labels["PERSON"] >= 1 and labels["PERSON"] >= 0.3 * total)

    def label_class(self, key: str) -> str | None:
        """The class most mentions of a key carry (PERSON, NORP, PLACE, ORG, ...) when at least
        two thirds agree, else None."""
        labels = self.key_labels.get(key)
        if not labels:
            return None
        classes: Counter = Counter()
        for lab, c in labels.items():
            classes[_LABEL_CLASS.get(lab, "OTHER")] += c
        cls, c = classes.most_common(1)[0]
        return cls if c >= 2 / 3 * sum(classes.values()) else None

    def labels_allow(self, ka: str, kb: str, sc: Scored) -> bool:
        """Whether the keys' labels allow a merge on this signal. Labels never block equal keys;
        a nationality never merges with anything but itself (France/French); a place is never a
        person's partial name; a fuzzy match between a person and a place needs more than
        spelling (Georgia/George)."""
        if sc.reason == "exact":
            return True
        ca, cb = self.label_class(ka), self.label_class(kb)
        if ca == cb or ca is None or cb is None:
            return True
        if "NORP" in (ca, cb):
            return False
        if sc.reason in ("surname", "given name"):
            short = ka if self.form_of(ka).n < self.form_of(kb).n else kb
            return self.label_class(short) not in ("PLACE", "NORP")
        if sc.reason in ("fuzzy", "fuzzy+qualifier") and {ca, cb} == {"PERSON", "PLACE"}:
            return min(sum(self.key_labels[ka].values()), sum(self.key_labels[kb].values())) < 2
        return True

    # ------------------------------------------------------------------ partial names
    def partials(self) -> list[tuple[int, int, str]]:
        """Links from surname-only (or given-name-only) nodes to the full name of the same
        document, per mention: the full name last used in this or the previous sentence, else the
        most frequent one. A node whose mentions point at different people is split."""
        links = []
        by_doc: dict[str, list[Node]] = defaultdict(list)
        for n in self.nodes:
            by_doc[n.doc].append(n)
        for doc, nodes in by_doc.items():
            full = []
            for n in nodes:
                f = self.form_of(n.key)
                if (f.n >= 2 and n.mentions and self.is_person(n.key) and not f.designators
                        and not f.numbers and f.hint not in ("ORG", "LAW", "EVENT", "LOC")):
                    full.append((n, f))
            if not full:
                continue
            for n in list(nodes):
                f = self.form_of(n.key)
                if f.n != 1 or f.acronym or not n.mentions or n.key in self.split_keys:
                    continue
                t = f.tks[0]
                labels = self.key_labels.get(n.key, Counter())
                total = sum(labels.values()) or 1
                if sum(labels[x] for x in ("GPE", "LOC", "FAC", "NORP")) > 0.5 * total:
                    continue  # a place or a nationality, not a person's name
                cands = [(c, cf) for c, cf in full if cf.tks[-1] == t or
                         (cf.tks[0] == t and len(t) >= 4 and labels["PERSON"] > 0)]
                if not cands:
                    continue
                choice: dict[str, Node] = {}
                for mid, (sent, start) in zip(n.mentions, n.sentences):
                    best, best_key = None, None
                    for c, cf in cands:
                        recent = [st for (se, st) in c.sentences if st < start and sent - se <= 1]
                        k = (bool(recent), len(c.mentions), max(recent) if recent else -1)
                        if best_key is None or k > best_key:
                            best, best_key = c, k
                    choice[mid] = best
                n.hints["PERSON"] += len(choice)  # the text uses it as a person's surname
                targets = {c.id for c in choice.values()}
                if len(targets) == 1:
                    links.append((n.id, targets.pop(), "partial"))
                    continue
                # split the node: mentions pointing at another person move to a node of their own
                main = Counter(c.id for c in choice.values()).most_common(1)[0][0]
                for target in targets - {main}:
                    moved = [mid for mid, c in choice.items() if c.id == target]
                    other = self.node_for(doc, f"{n.key}\x00{target}")
                    other.keys = {n.key}
                    other.aliases |= n.aliases
                    for mid in moved:
                        i = n.mentions.index(mid)
                        other.mentions.append(n.mentions.pop(i))
                        other.sentences.append(n.sentences.pop(i))
                        self.mention_node[mid] = other.id
                    other.forms = Counter(n.forms)
                    other.labels = Counter(n.labels)
                    other.order = n.order
                    links.append((other.id, target, "partial"))
                links.append((n.id, main, "partial"))
        return links

    # ------------------------------------------------------------------ meanings
    def meaning_links(self) -> list[tuple[int, int, str]]:
        """A lowercase gloss ("a silent dawn") names the same thing as a name of the same
        document with as many words and the same head word ("Silent Dawn"), when exactly one
        such name exists; across documents only an exact match of the gloss counts (the gloss
        becomes one of the node's keys)."""
        links = []
        by_doc: dict[str, list[Node]] = defaultdict(list)
        for n in self.nodes:
            by_doc[n.doc].append(n)
        for doc, dd in self.doc_data.items():
            for a, words in dd.meanings:
                gloss = tokens(" ".join(words))
                if not gloss:
                    continue
                self.nodes[a].keys.add(" ".join(gloss))
                found = set()
                for n in by_doc[doc]:
                    if n.id == a:
                        continue
                    for k in n.keys:
                        f = self.form_of(k)
                        if f.acronym or len(f.core) != len(gloss):
                            continue
                        if f.core[-1] == gloss[-1] or translit(f.core[-1]) == translit(gloss[-1]):
                            found.add(n.id)
                if len(found) == 1:
                    links.append((a, found.pop(), "meaning"))
        return links

    # ------------------------------------------------------------------ candidates
    def candidate_pairs(self, keys: list[str]) -> dict[tuple[str, str], Scored]:
        forms = {k: self.form_of(k) for k in keys}
        person = {k: self.is_person(k) for k in keys}
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        tok_index: dict[str, list[str]] = defaultdict(list)
        init_index: dict[str, list[str]] = defaultdict(list)
        for k, f in forms.items():
            groups[("j", f.joined)].append(k)
            groups[("t", f.tk)].append(k)
            if f.core_tk:
                groups[("c", f.core_tk)].append(k)
            if len(f.skel) >= 3:
                groups[("s", f.skel)].append(k)
            core_skel = make_form(" ".join(f.core)).skel if f.core != f.words else ""
            if len(core_skel) >= 3:
                groups[("s", core_skel)].append(k)
            for t in set(f.tks):
                tok_index[t].append(k)
            for t in set(translit(x) for x in f.core):
                if t not in f.tks:
                    tok_index[t].append(k)
            for i in f.inits:
                init_index[i].append(k)
        pairs: set[tuple[str, str]] = set()
        for members in groups.values():
            if 1 < len(members) <= BLOCK_CAP * 4:
                pairs.update(itertools.combinations(sorted(members), 2))
        for k, f in forms.items():
            toks = set(f.tks)
            if not toks:
                continue
            rarest = min(sorted(toks), key=lambda t: len(tok_index[t]))
            for t in sorted(toks):
                block = tok_index[t]
                if t == rarest or len(block) <= BLOCK_CAP:
                    for o in block:
                        if o != k:
                            pairs.add((k, o) if k < o else (o, k))
            if f.acronym:
                for o in init_index.get(f.acronym, ()):
                    pairs.add((k, o) if k < o else (o, k))
        out = {}
        for a, b in sorted(pairs):   # sorted: the merge order, and so the result, never depends on hashing
            sc = score_forms(forms[a], forms[b], person[a], person[b])
            if sc.score >= CONTEXTUAL - 1e-9 and self.labels_allow(a, b, sc):
                out[(a, b)] = sc
        return out

    # ------------------------------------------------------------------ clustering
    def run(self) -> tuple[UnionFind, dict[int, int]]:
        explicit = self.partials() + self.meaning_links()
        key_nodes = Counter(k for n in self.nodes for k in n.keys)
        for doc, dd in self.doc_data.items():
            for a, b, kind in dd.links:
                if kind == "paren":
                    # an alternate in parentheses only when the corpus never uses it elsewhere
                    if key_nodes[self.nodes[b].key] > 1 or len(self.nodes[b].spans) > 1:
                        continue
                explicit.append((a, b, kind))
        doc_keys: dict[str, set[str]] = defaultdict(set)
        holders: dict[str, list[int]] = defaultdict(list)
        for n in self.nodes:
            for k in n.keys:
                holders[k].append(n.id)
                doc_keys[n.doc].add(k)
        uf = UnionFind(len(self.nodes), document_frequency(doc_keys), len(doc_keys), self.compatible)
        for n in self.nodes:
            st = uf.state[n.id]
            st.docs = {n.doc}
            st.keys = {n.key.split("\x00")[0]}
            f = self.form_of(n.key.split("\x00")[0])
            if (f.n >= 2 and self.is_person(f.key) and not f.designators and not f.numbers
                    and f.hint not in ("ORG", "LAW", "EVENT", "LOC", "PLACE")):
                # a rank the title rules kept ("President Lorrimer") is no given name
                given = f.tks[leading_titles(f.words):-1]
                if given:
                    st.givens = {f.tks[-1]: {given}}
                st.person = True
            st.place = any(self.form_of(k).qualifiers or self.form_of(k).designators & PLACE_DESIGNATORS
                           for k in n.keys)
            if f.qualifiers:
                st.qualifiers = set(f.qualifiers)
            if f.numbers:
                st.numbers = {f.numbers}
            st.split = f.key in self.split_keys or any(k in self.split_keys for k in n.keys)
        for doc, dd in self.doc_data.items():
            for a, b, kind in dd.links:
                if kind == "definition":  # a = the long name, b = the acronym it defines
                    acr = self.form_of(self.nodes[b].key).acronym
                    if acr:
                        uf.state[b].defs.setdefault(acr, set()).add(self.nodes[a].key)
        # 1. within documents: what the text says, then similar names
        for a, b, _ in explicit:
            uf.union(a, b)
        scored = self.candidate_pairs(list(holders))
        by_doc_key: dict[tuple[str, str], list[int]] = defaultdict(list)
        for k, ids in holders.items():
            for i in ids:
                by_doc_key[(self.nodes[i].doc, k)].append(i)
        for (ka, kb), sc in sorted(scored.items(), key=lambda x: -x[1].score):
            if sc.score < MERGE and not sc.contextual:
                continue
            docs_a = {self.nodes[i].doc for i in holders[ka]}
            for i in holders[kb]:
                d = self.nodes[i].doc
                if d in docs_a:
                    for j in by_doc_key[(d, ka)]:
                        uf.union(i, j)
        # context: the other names of each document, per local cluster
        for doc, keys in doc_keys.items():
            roots: dict[int, set[str]] = defaultdict(set)
            members: dict[int, int] = {}
            for k in keys:
                for i in by_doc_key.get((doc, k), ()):
                    if self.nodes[i].mentions:
                        r = uf.find(i)
                        roots[r].add(k)
                        members[r] = i
            real = set().union(*roots.values()) if roots else set()
            for r, own in roots.items():
                uf.add_context(members[r], real - own)
        # 2. one key in several documents: one sense per context
        exact = Scored(1.0, "exact")
        for k, ids in holders.items():
            roots = sorted({uf.find(i) for i in ids}, key=lambda r: (-uf.state[r].ctx_size, r))
            senses: list[int] = []
            # a law or a happening named in three words or more ("Bay of Pigs Resolution") has one
            # sense however different the company it keeps in two documents
            titled = self.form_of(k).hint in ("LAW", "EVENT") and self.form_of(k).n >= 3
            for r in roots:
                senses = [uf.find(x) for x in senses]
                ok = [s for s in senses if s != r and uf.can_merge(r, s)
                      and (titled or self._cross_ok(uf, r, s, exact))]
                if ok:
                    uf.union(r, max(ok, key=lambda s: (self._sim(uf, r, s), uf.state[s].size)))
                elif r not in senses:
                    senses.append(r)
        # 3. similar keys across documents, best pairs first
        weight = {k: sum(len(self.nodes[i].mentions) for i in ids) for k, ids in holders.items()}
        order = sorted(scored.items(), key=lambda x: (-x[1].score, -(weight[x[0][0]] + weight[x[0][1]])))
        for (ka, kb), sc in order:
            ra = sorted({uf.find(i) for i in holders[ka]}, key=lambda r: -uf.state[r].size)
            for x in ra:
                x = uf.find(x)
                rb = {uf.find(i) for i in holders[kb]} - {x}
                ok = [y for y in rb if uf.can_merge(x, y) and self._cross_ok(uf, x, y, sc)
                      and self._initials_ok(uf, ka, kb, x, y, sc)]
                if ok:
                    uf.union(x, max(ok, key=lambda y: (self._sim(uf, x, y), uf.state[y].size)))
        # 4. the alias file's merges
        overrides: dict[int, tuple[str | None, str | None]] = {}
        for rule in self.rules.merges:
            keys = {make_form(n).key for n in rule.names if not is_junk(n)}
            lowered = {n.lower() for n in rule.names}
            hit = [n.id for n in self.nodes if n.keys & keys or {a.lower() for a in n.aliases} & lowered]
            for i in hit[1:]:
                uf.union(hit[0], i, force=True)
            if hit:
                overrides[hit[0]] = (rule.canonical, rule.type)
        return uf, overrides

    def compatible(self, ka: str, kb: str) -> bool:
        """Whether two long names can be one thing (for acronym definitions)."""
        if ka == kb:
            return True
        fa, fb = self.form_of(ka), self.form_of(kb)
        return score_forms(fa, fb, self.is_person(ka), self.is_person(kb)).score >= MERGE

    def _initials_ok(self, uf: UnionFind, ka: str, kb: str, x: int, y: int, sc: Scored) -> bool:
        """An acronym matched to a long name by its letters only, when the acronym's cluster does
        not define those letters as something else."""
        if sc.reason != "initials":
            return True
        fa = self.form_of(ka)
        acr_key, long_key, acr_root = (ka, kb, x) if fa.acronym else (kb, ka, y)
        defs = uf.state[uf.find(acr_root)].defs.get(self.form_of(acr_key).acronym)
        return not defs or any(self.compatible(d, long_key) for d in defs)

    @staticmethod
    def _sim(uf: UnionFind, a: int, b: int) -> float:
        ctx = uf.context(a, b)
        return ctx[1] if ctx else 0.0

    @staticmethod
    def _cross_ok(uf: UnionFind, a: int, b: int, sc: Scored) -> bool:
        if sc.score < MERGE and not sc.contextual:
            return False
        if uf.state[uf.find(a)].docs & uf.state[uf.find(b)].docs:
            return True
        ctx = uf.context(a, b)
        if sc.contextual:
            return ctx is not None and ctx[1] >= TIE
        if ctx is None:  # one side has no shareable context: rich and disjoint, or unknown
            A, B = uf.state[uf.find(a)], uf.state[uf.find(b)]
            return not (A.ctx_size >= MIN_CONTEXT and B.ctx_size >= MIN_CONTEXT)
        if sc.reason == "exact":
            # one name written alike in documents of one story: any shared company at all, even the
            # story's ubiquitous names, says it is the same thing (the veto is for strangers' homonyms)
            return ctx[1] > 0 or not ctx[2]
        return ctx[0] > 0 or not ctx[2]

    # ------------------------------------------------------------------ entities
    def entities(self, uf: UnionFind, overrides) -> list[Entity]:
        clusters: dict[int, list[Node]] = defaultdict(list)
        for n in self.nodes:
            clusters[uf.find(n.id)].append(n)
        override_by_root = {uf.find(i): v for i, v in overrides.items()}
        made = []
        for root, nodes in clusters.items():
            if not any(n.mentions for n in nodes):
                continue
            made.append((min(n.order for n in nodes if n.mentions), root, nodes))
        made.sort(key=lambda x: x[0])
        out = []
        for i, (_, root, nodes) in enumerate(made, 1):
            counts: Counter = Counter()
            aliases: set[str] = set()
            mentions: list[str] = []
            for n in nodes:
                counts.update(n.forms)
                aliases |= n.aliases
                mentions += n.mentions
            for a in list(aliases):
                stripped = designator_free(a)
                if stripped and stripped != a and not is_junk(stripped):
                    aliases.add(stripped)
            canonical, typ = override_by_root.get(root, (None, None))
            persons = {k for n in nodes for k in n.keys if self.is_person(k)}
            canonical = canonical or choose_canonical(counts, persons)
            typ = typ or entity_type(nodes, self.form_of, self.is_person)
            if canonical not in aliases:
                aliases.add(canonical)
            mentions.sort(key=_mention_order)
            out.append(Entity(id=f"e{i}", canonical=canonical, type=typ,
                              aliases=sorted(a for a in aliases if a), mentions=mentions))
        return out


def _mention_order(mid: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", mid)]


def resolve_entities(mentions: list[Mention], docs: dict[str, Document],
                     aliases=None) -> list[Entity]:
    """Group name mentions into canonical entities and set `mention.entity` on each.

    Args:
        mentions: name mentions (kind actor/place/other, spaCy label in `label`).
        docs: the documents by id, for the text around each mention (glosses, acronym
            definitions, titles, co-occurrence).
        aliases: an alias file (TOML path, see `rashomon.resolve.aliases`), parsed rules, or None.

    Returns:
        Entities `e1`, `e2`, ... in order of first mention. Every mention gets one, except a
        mention with nothing name-like left after cleaning (its `entity` stays None).
    """
    rules = load_aliases(aliases)
    r = _Resolver(docs, rules)
    by_doc: dict[str, list[tuple[int, Mention]]] = defaultdict(list)
    for pos, m in enumerate(mentions):
        by_doc[m.doc].append((pos, m))
    for doc_id, ms in by_doc.items():
        r.add_doc(doc_id, ms)
    uf, overrides = r.run()
    entities = r.entities(uf, overrides)
    by_mention = {mid: e.id for e in entities for mid in e.mentions}
    for m in mentions:
        m.entity = by_mention.get(m.id)
    _apply_part_of(entities, rules)
    return entities


def _apply_part_of(entities: list[Entity], rules) -> None:
    """The alias file's [[part_of]]: each entity one of whose names is listed gets the whole's id."""
    def named(name: str) -> list[Entity]:
        key = name.lower()
        return [e for e in entities if key in {a.lower() for a in [e.canonical, *e.aliases]}]

    for rule in rules.part_of:
        wholes = named(rule.whole)
        for part in (e for n in rule.names for e in named(n)):
            part.part_of.extend(w.id for w in wholes if w.id != part.id and w.id not in part.part_of)
