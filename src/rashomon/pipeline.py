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
CORPUS_STAGES = ("grouping into stories", "analysing the stories", "saving")


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
    from .extract.nlp import doc_to_bytes, load_nlp, parse_long
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
            store.save_extraction(doc.id, doc_to_bytes(sdoc), result.sentences, result.mentions)
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
    """Recompute the corpus-level stages (resolve, align, compare, frame) over everything stored, story by
    story: a story whose documents are those of a story analysed before is read back, not recomputed
    (story_stages.py). `stage` hears each step's name as it starts."""
    from collections import Counter

    from .align.stories import assign_stories
    from .extract.nlp import doc_from_bytes
    from .frame.groups import user_groups
    from .frame.logodds import distinctive_words
    from .models import Framing
    from .story_stages import StoryResult, analyze_story, assemble, story_key

    tell = stage or (lambda _: None)
    tell(CORPUS_STAGES[0])
    generation = store.generation()          # what the results will be computed from
    docs = {d.id: d for d in store.documents()}
    mentions = store.mentions(raw_party=True)
    # stories first, from the names as written: each story's names are then resolved on their own, so a
    # store holding several unrelated corpora gives each the findings it gives alone
    stories = assign_stories(docs, mentions)
    tell(CORPUS_STAGES[1])
    story_of = {d: st.id for st in stories for d in st.documents}
    mentions_of: dict[str, list] = {st.id: [] for st in stories}
    for m in mentions:
        if m.doc in story_of:
            mentions_of[story_of[m.doc]].append(m)
    keys = {st.id: story_key([docs[d] for d in st.documents], aliases) for st in stories}
    stored = store.story_results(list(keys.values()))
    data: dict[str, str] = {}
    results: dict[str, StoryResult] = {}
    for st in stories:
        key = keys[st.id]
        if key not in stored:
            parses = store.parses(st.documents)
            result = analyze_story({d: docs[d] for d in st.documents}, mentions_of[st.id],
                                   lambda d, parses=parses: doc_from_bytes(parses[d]) if d in parses else None,
                                   aliases)
            stored[key] = result.to_json()
        data[key] = stored[key]
        results[st.id] = StoryResult.from_json(stored[key])   # read back as a stored one is: alike either way
    found = assemble(stories, results, mentions, list(docs))
    groups = {d.id: d.group for d in docs.values() if d.group} or None
    if groups is None:
        framing = Framing(groups=found.groups, labels=found.labels, distinctive=found.distinctive,
                          predicates=found.predicates)
    else:   # the user's groups span stories: their distinctive words come from every document's counts
        chosen, names = user_groups(list(docs), groups)
        counts = [sum((Counter(found.counts.get(d, {})) for d in g), Counter()) for g in chosen]
        framing = Framing(groups=chosen, labels=found.labels, distinctive=distinctive_words(counts, names=names),
                          predicates=found.predicates)
    tell(CORPUS_STAGES[2])
    store.save_corpus_results(mentions, found.entities, found.events, found.findings, found.copies, framing,
                              stories, generation=generation, story_results=data)


def analyze(store, n_process: int = 0, aliases: str | Path | None = None,
            progress: Progress | None = None, errors: list[IngestError] | None = None,
            stage: Stage | None = None) -> int:
    """Extract what is new, then recompute the corpus-level stages. Returns documents newly analysed."""
    n = extract_pending(store, n_process=n_process, progress=progress, errors=errors, stage=stage)
    analyze_corpus(store, aliases=aliases, stage=stage)
    return n
