"""Framing: how each source names and describes things, which words set the sides apart, and which
documents frame alike.

Entry point: `frame_corpus(docs, sdocs, mentions, entities, events, groups=None) -> Framing`.
Nothing here knows which side is which: the words come from the documents, the statistics from
their counts (no hand-written lists of loaded words, no names).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..models import Document, Entity, Event, Framing, Mention
from ._text import NAME_KINDS, content_counts, mention_span
from .groups import (BLOCK_WEIGHTS, cluster, cosine_similarity, descriptor_features, framing_matrix,
                     name_features, user_groups, vocabulary_features)
from .coref import descriptive_name_labels, entity_heads, nominal_labels
from .labels import collect_labels, corpus_vocabulary, descriptive_entities, merge_labels
from .logodds import distinctive_words, informative_prior, log_odds_dirichlet
from .predicates import entity_predicates, event_predicates


@dataclass
class FrameResult:
    """Everything `frame_corpus` computes: the Framing plus both groupings.

    `framing.groups` is `user` when user groups were given, else `unsupervised`;
    `group_names[i]` names `framing.groups[i]` (None for unsupervised groups).
    """

    framing: Framing
    unsupervised: list[list[str]]
    user: list[list[str]] | None = None
    group_names: list[str | None] = field(default_factory=list)
    similarity: dict[tuple[str, str], float] = field(default_factory=dict)


def sort_labels(labels: list[dict], entity_ids: list[str], doc_ids: list[str]) -> None:
    """Labels in the order they are shown: by entity, document, names before descriptors, position."""
    e_order = {e: i for i, e in enumerate(entity_ids)}
    d_order = {d: i for i, d in enumerate(doc_ids)}
    labels.sort(key=lambda lab: (e_order.get(lab["entity"], len(e_order)), str(lab["entity"]),
                                 d_order.get(lab["doc"], len(d_order)),
                                 lab["kind"] != "name", lab["start"], lab["label"].lower()))


def frame_with_groupings(
    docs: dict[str, Document],
    sdocs: dict[str, Doc],
    mentions: list[Mention],
    entities: list[Entity],
    events: list[Event],
    groups: dict[str, str | None] | None = None,
    stories: list[list[str]] | None = None,
) -> FrameResult:
    """`frame_corpus`, returning the unsupervised grouping and the user's grouping side by side.

    Args:
        docs: documents by id; their order is the order of documents in groups.
        sdocs: spaCy parse per document id, of exactly `docs[id].text`.
        mentions: all mentions; names (actor/place/other) carry an `entity`.
        entities: canonical entities (labels follow their order).
        events: aligned events (may be empty).
        groups: doc id -> user group name; None for the unsupervised grouping only.
        stories: the documents of each story; the unsupervised grouping is made within each (None:
            all documents are one story).
    """
    doc_ids = list(docs)
    # A document without a parse still belongs to a group; it is framed as an empty text.
    vocab = next(iter(sdocs.values())).vocab if sdocs else Vocab()
    parsed = {d: sdocs[d] if d in sdocs else Doc(vocab, words=[]) for d in doc_ids}

    vocabulary = corpus_vocabulary(parsed.values())
    labels = collect_labels(parsed, mentions, vocabulary, {e.id: e.canonical for e in entities})
    # Second pass: what documents call an entity without naming it (coref.py). Compatibility is
    # learnt from the first pass only, so a label found this way never licenses another.
    heads = entity_heads(labels, vocabulary[0])
    extra = nominal_labels(parsed, mentions, heads) + descriptive_name_labels(
        parsed, mentions, entities, heads, descriptive_entities(parsed, mentions, vocabulary))
    labels = merge_labels(labels, extra)
    sort_labels(labels, [e.id for e in entities], doc_ids)

    predicates = event_predicates(parsed, mentions, events) + entity_predicates(parsed, mentions)

    counts = {d: content_counts(parsed[d]) for d in doc_ids}
    in_names: dict[str, set[int]] = {d: set() for d in doc_ids}
    for m in mentions:
        if m.kind in NAME_KINDS and m.doc in parsed:
            span = mention_span(parsed[m.doc], m)
            if span is not None:
                in_names[m.doc].update(t.i for t in span)
    plain = {d: content_counts(parsed[d], skip=in_names[d]) for d in doc_ids}
    unsupervised: list[list[str]] = []
    similarity: dict[tuple[str, str], float] = {}
    distinctive: list[dict] = []
    story_of = {d: i for i, ids in enumerate(stories or [doc_ids]) for d in ids}
    parts: list[list[str]] = [[] for _ in (stories or [doc_ids])]
    for d in doc_ids:              # each story's documents in the order of `docs`; the storyless last
        if d not in story_of:
            story_of[d] = len(parts)
            parts.append([])
        parts[story_of[d]].append(d)
    labels_of: list[list[dict]] = [[] for _ in parts]
    for lab in labels:
        if lab["doc"] in story_of:
            labels_of[story_of[lab["doc"]]].append(lab)
    for ids, own in zip(parts, labels_of):
        # documents frame alike or not among accounts of one happening: across stories, vocabulary
        # follows the topic; and the cost stays each story's pairs, not the corpus's
        if not ids:
            continue
        mat = framing_matrix(
            ids, [name_features(own, ids), descriptor_features(own, ids), vocabulary_features({d: plain[d] for d in ids})],
            [BLOCK_WEIGHTS["names"], BLOCK_WEIGHTS["descriptors"], BLOCK_WEIGHTS["vocabulary"]])
        sim = cosine_similarity(mat)
        found = cluster(ids, sim)
        if groups is None:
            offset = len(unsupervised)
            distinctive += [{**w, "group": w["group"] + offset}
                            for w in distinctive_words([sum((counts[d] for d in g), Counter()) for g in found])]
        unsupervised += found
        similarity.update({(a, b): round(float(sim[i, j]), 4)
                           for i, a in enumerate(ids) for j, b in enumerate(ids) if i < j})

    user = None
    if groups is not None:
        user, names = user_groups(doc_ids, groups)
        chosen = user
        group_counts = [sum((counts[d] for d in g), Counter()) for g in chosen]
        distinctive = distinctive_words(group_counts, names=names)
    else:
        names = [None] * len(unsupervised)
        chosen = unsupervised

    framing = Framing(groups=chosen, labels=labels, distinctive=distinctive, predicates=predicates)
    return FrameResult(framing=framing, unsupervised=unsupervised, user=user,
                       group_names=names, similarity=similarity)


def frame_corpus(
    docs: dict[str, Document],
    sdocs: dict[str, Doc],
    mentions: list[Mention],
    entities: list[Entity],
    events: list[Event],
    groups: dict[str, str | None] | None = None,
    stories: list[list[str]] | None = None,
) -> Framing:
    """How the sources name and describe things, which words are distinctive of which group of
    sources, and which documents frame alike (the user's groups instead when `groups` is given).

    See `frame_with_groupings` for the arguments, and to get both groupings at once.
    """
    return frame_with_groupings(docs, sdocs, mentions, entities, events, groups, stories).framing


__all__ = [
    "FrameResult",
    "frame_corpus",
    "frame_with_groupings",
    "sort_labels",
    "log_odds_dirichlet",
    "informative_prior",
    "distinctive_words",
]
