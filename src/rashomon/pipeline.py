"""Runs the stages in order over a store: ingest, per-document extraction, then the corpus-level stages."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path

from .models import Document, IngestError

Progress = Callable[[int, int], None]
Stage = Callable[[str], None]       # told each stage's name as it starts ("loading the language model", ...)
# The corpus stages, in the order analyze_corpus announces them.
CORPUS_STAGES = ("grouping into stories", "resolving names", "aligning statements", "comparing",
                 "contrasting framing", "saving")
_KIND_OF_TYPE = {"PERSON": "actor", "ORG": "actor", "GPE": "place", "LOC": "place"}


@dataclass
class IngestReport:
    """What an ingest call did: documents added, duplicates skipped, inputs that failed."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)   # files of unsupported types found in folders


def ingest(store, paths: Iterable[str | Path], fields=None, group: str | None = None,
           on_item: Callable[[Document | IngestError], None] | None = None,
           max_bytes: int | None = None) -> IngestReport:
    """Read files/folders into the store. Bad inputs are reported and skipped; the rest go on. Files
    larger than `max_bytes` (default settings.MAX_FILE_MB) are refused before they are read."""
    from .ingest import CorpusFields, read_paths
    from .settings import MAX_FILE_MB

    report = IngestReport()
    for item in read_paths(list(paths), fields or CorpusFields(), skipped=report.skipped,
                           max_bytes=max_bytes or MAX_FILE_MB * 2**20):
        if isinstance(item, IngestError):
            report.errors.append(item)
        else:
            if group and not item.group:
                item.group = group
            doc_id = store.add_document(item)
            (report.added if doc_id else report.duplicates).append(item.path or item.file or "")
        if on_item:
            on_item(item)
    return report


def processes_for(n_docs: int, n_process: int = 0) -> int:
    """spaCy processes to parse `n_docs` documents with: `n_process` when given (>= 1); else (0) one
    process for a small batch, two for a large one on a machine with two cores or more (measured:
    see settings.PARALLEL_FROM_DOCUMENTS)."""
    import os

    from .settings import PARALLEL_FROM_DOCUMENTS, PARALLEL_PROCESSES

    if n_process >= 1:
        return n_process
    if n_docs < PARALLEL_FROM_DOCUMENTS:
        return 1
    return max(1, min(PARALLEL_PROCESSES, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def extract_pending(store, n_process: int = 0, progress: Progress | None = None,
                    errors: list[IngestError] | None = None, stage: Stage | None = None) -> int:
    """Parse and extract every document not analysed yet; returns how many were analysed.

    `progress(done, total)` is called before the first document and after each; `stage` hears
    "loading the language model" and then "extracting". A document that cannot be analysed (too long
    for the parser, or an extractor failing on it) is reported in `errors`, naming its file, and the
    rest of the batch goes on, and the document is marked failed (later analyses skip it). A text
    longer than settings.PASSAGE_CHARS is parsed passage by passage."""
    pending = store.documents(pending=True)
    if not pending:
        return 0
    tell = stage or (lambda _: None)
    if progress:
        progress(0, len(pending))
    tell("loading the language model")
    from .extract import extract_document
    from .extract.nlp import load_nlp, parse_long
    from .settings import PASSAGE_CHARS

    nlp = load_nlp()
    tell("extracting")
    short = [d for d in pending if len(d.text) <= PASSAGE_CHARS]
    long = [d for d in pending if len(d.text) > PASSAGE_CHARS]
    parsed = zip(short, nlp.pipe((d.text for d in short), n_process=processes_for(len(short), n_process),
                                 batch_size=16))
    done = 0
    for i, (doc, sdoc) in enumerate(chain(parsed, ((d, None) for d in long)), 1):
        try:
            sdoc = sdoc if sdoc is not None else parse_long(doc.text, PASSAGE_CHARS)
            result = extract_document(doc, sdoc)
        except Exception as e:  # noqa: BLE001 - one bad document must not stop the batch
            reason = f"extraction failed: {type(e).__name__}: {e}".splitlines()[0]
            _report(errors, doc, reason)
            store.mark_failed(doc.id, reason)
        else:
            # the tok2vec tensor (96 floats a token) is most of a stored parse and no stage reads it
            store.save_extraction(doc.id, sdoc.to_bytes(exclude=["tensor"]), result.sentences, result.mentions)
            done += 1
        if progress:
            progress(i, len(pending))
    return done


def _report(errors: list[IngestError] | None, doc: Document, reason: str) -> None:
    err = IngestError(doc.path or doc.file or doc.id or "?", reason)
    if errors is None:
        import sys

        print(f"error {err}", file=sys.stderr)
    else:
        errors.append(err)


def analyze_corpus(store, aliases: str | Path | None = None, stage: Stage | None = None) -> None:
    """Recompute the corpus-level stages (resolve, align, compare, frame) over everything stored;
    `stage` hears each one's name as it starts."""
    from .align import align_events, find_copies
    from .align.stories import assign_stories
    from .compare import compare
    from .extract.nlp import doc_from_bytes
    from .frame import frame_corpus
    from .resolve import canonical_name

    tell = stage or (lambda _: None)
    tell(CORPUS_STAGES[0])
    generation = store.generation()          # what the results will be computed from
    docs = {d.id: d for d in store.documents()}
    mentions = store.mentions(raw_party=True)
    names = [m for m in mentions if m.kind in ("actor", "place", "other")]
    # stories first, from the names as written: each story's names are then resolved on their own, so a
    # store holding several unrelated corpora gives each the findings it gives alone
    stories = assign_stories(docs, mentions)
    tell(CORPUS_STAGES[1])
    entities = _resolve_by_story(names, docs, stories, aliases)
    kind_of = {e.id: _KIND_OF_TYPE.get(e.type) for e in entities}
    canonical = {e.id: e.canonical for e in entities}
    for m in names:   # the entity's majority type decides whether a name is a place or an actor
        m.kind = kind_of.get(m.entity) or m.kind
        m.value = canonical.get(m.entity)
    for m in mentions:
        if m.attributed_to:
            m.attributed_to = canonical_name(entities, m.attributed_to) or m.attributed_to
    tell(CORPUS_STAGES[2])
    sdocs = {doc_id: doc_from_bytes(data) for doc_id, data in store.parses().items()}
    copies = find_copies(list(docs.values()))
    story_of = {doc_id: s.id for s in stories for doc_id in s.documents}
    alignment = align_events(docs, sdocs, mentions, entities, stories=story_of)
    events = alignment.events
    tell(CORPUS_STAGES[3])
    findings = compare(docs, mentions, alignment, copies)
    tell(CORPUS_STAGES[4])
    groups = {d.id: d.group for d in docs.values() if d.group} or None
    framing = frame_corpus(docs, sdocs, mentions, entities, events, groups, [s.documents for s in stories])
    tell(CORPUS_STAGES[5])
    store.save_corpus_results(mentions, entities, events, findings, copies, framing, stories, generation=generation)


def _resolve_by_story(names, docs, stories, aliases):
    """Entities resolved within each story, numbered e1, e2, ... across the store."""
    from .resolve import resolve_entities

    entities = []
    parts = [set(st.documents) for st in stories] or [set(docs)]
    part_of = {d: i for i, ids in enumerate(parts) for d in ids}
    names_of: list[list] = [[] for _ in parts]
    for m in names:
        if m.doc in part_of:
            names_of[part_of[m.doc]].append(m)
    for ids, own in zip(parts, names_of):
        part = resolve_entities(own, {d: docs[d] for d in ids if d in docs}, aliases)
        renamed = {}
        for e in part:
            renamed[e.id] = e.id = f"e{len(entities) + len(renamed) + 1}"
        for m in own:
            if m.entity in renamed:
                m.entity = renamed[m.entity]
        entities += part
    return entities


def analyze(store, n_process: int = 0, aliases: str | Path | None = None,
            progress: Progress | None = None, errors: list[IngestError] | None = None,
            stage: Stage | None = None) -> int:
    """Extract what is new, then recompute the corpus-level stages. Returns documents newly analysed."""
    n = extract_pending(store, n_process=n_process, progress=progress, errors=errors, stage=stage)
    analyze_corpus(store, aliases=aliases, stage=stage)
    return n
