"""Runs the stages in order over a store: ingest, per-document extraction, then the corpus-level stages."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
    "loading the language model" and then "extracting". A document that cannot be analysed is reported
    in `errors`, naming its file, and marked failed (later analyses skip it); the rest goes on
    (`extract_documents`)."""
    pending = store.documents(pending=True)
    if not pending:
        return 0
    tell = stage or (lambda _: None)
    if progress:
        progress(0, len(pending))
    tell("loading the language model")
    from .extract.nlp import load_nlp

    nlp = load_nlp()
    tell("extracting")
    done = 0
    for i, (doc, out) in enumerate(extract_documents(pending, nlp, processes_for(len(pending), n_process)), 1):
        if isinstance(out, str):
            _report(errors, doc, out)
            store.mark_failed(doc.id, out)
        else:
            store.save_extraction(doc.id, *out)
            done += 1
        if progress:
            progress(i, len(pending))
    return done


def extract_documents(docs: list[Document], nlp, n_process: int = 1) -> Iterator[tuple[Document, tuple | str]]:
    """Each document with what extraction found in it, (stored parse, sentences, mentions), or the one-line
    reason it could not be analysed (too long for the parser, an extractor failing on it): one bad document
    does not stop the batch. A text longer than settings.PASSAGE_CHARS is parsed passage by passage."""
    from .extract import extract_document
    from .extract.nlp import doc_to_bytes, parse_long
    from .settings import PASSAGE_CHARS

    short = [d for d in docs if len(d.text) <= PASSAGE_CHARS]
    long = [d for d in docs if len(d.text) > PASSAGE_CHARS]
    parsed = zip(short, nlp.pipe((d.text for d in short), n_process=n_process, batch_size=16))
    for doc, sdoc in chain(parsed, ((d, None) for d in long)):
        try:
            sdoc = sdoc if sdoc is not None else parse_long(doc.text, PASSAGE_CHARS)
            result = extract_document(doc, sdoc)
        except Exception as e:  # noqa: BLE001 - one bad document must not stop the batch
            yield doc, f"extraction failed: {type(e).__name__}: {e}".splitlines()[0]
        else:
            yield doc, (doc_to_bytes(sdoc), result.sentences, result.mentions)


def _report(errors: list[IngestError] | None, doc: Document, reason: str) -> None:
    err = IngestError(doc.path or doc.file or doc.id or "?", reason)
    if errors is None:
        import sys

        print(f"error {err}", file=sys.stderr)
    else:
        errors.append(err)


def analyze_corpus(store, aliases: str | Path | None = None, stage: Stage | None = None,
                   run_stories: Callable | None = None) -> None:
    """Recompute the corpus-level stages (resolve, align, compare, frame) over everything stored, story by
    story: a story whose documents are those of a story analysed before is read back, not recomputed
    (story_stages.py). `stage` hears each step's name as it starts. `run_stories(works, aliases)` computes
    the stories to compute (`StoryWork`s) and returns key -> results JSON; by default one after the other
    in this process (`story_stages.run_stories`), on Ray with `distributed.run_stories_on_ray`."""
    from collections import Counter

    from . import story_stages
    from .align.stories import assign_stories, terms_of
    from .frame.groups import user_groups
    from .frame.logodds import distinctive_words
    from .models import Framing
    from .story_stages import StoryResult, StoryWork, assemble, run_stories as run_here, story_key

    tell = stage or (lambda _: None)
    tell(CORPUS_STAGES[0])
    generation = store.generation()          # what the results will be computed from
    docs = {d.id: d for d in store.documents()}
    # stories first, from the names as written: each story's names are then resolved on their own, so a
    # store holding several unrelated corpora gives each the findings it gives alone. A document's terms
    # are computed once (from its text and mentions as extracted, which do not change) and kept in the store
    code = story_stages.code_fingerprint()
    terms = store.document_terms(code)
    missing = {d: doc for d, doc in docs.items() if d not in terms}
    if missing:
        found_terms = terms_of(missing, store.mentions(docs=list(missing), extracted=True))
        store.save_document_terms(code, found_terms)
        terms.update(found_terms)
    stories = assign_stories(docs, [], terms=terms)
    tell(CORPUS_STAGES[1])
    keys = {st.id: story_key([docs[d] for d in st.documents], aliases) for st in stories}
    stored = store.story_results(list(keys.values()))
    todo = [st for st in stories if keys[st.id] not in stored]
    # only the stories computed now need their mentions (as extracted); the others' are in their results
    story_of = {d: st.id for st in todo for d in st.documents}
    mentions_of: dict[str, list] = {st.id: [] for st in todo}
    for m in store.mentions(docs=list(story_of), extracted=True) if todo else ():
        mentions_of[story_of[m.doc]].append(m)
    works = (StoryWork(keys[st.id], {d: docs[d] for d in st.documents}, mentions_of[st.id],
                       store.parses(st.documents)) for st in todo)        # parses read story by story
    computed = (run_stories or run_here)(works, aliases)
    # read back as a stored one is: results computed now and results read back are alike
    results = {st.id: StoryResult.from_json(computed[keys[st.id]] if keys[st.id] in computed else stored[keys[st.id]])
               for st in stories}
    groups = {d.id: d.group for d in docs.values() if d.group} or None

    def detail(sids: list[str]) -> None:      # the DETAIL of stories read back, where a part needs it
        sid_of = {keys[sid]: sid for sid in sids if results[sid].labels is None}
        for key, text in store.story_details(list(sid_of)).items():
            results[sid_of[key]].add_detail(text)
    if groups is not None:      # the user's groups span stories: their words come from every document's counts
        detail(list(results))
    found = assemble(stories, results, list(docs), keys, store.result_digests(), detail)
    if groups is None:
        framing = Framing(groups=found.groups, distinctive=found.distinctive)
    else:
        chosen, names = user_groups(list(docs), groups)
        counts = {d: c for r in results.values() for d, c in r.counts.items()}
        counts = [sum((Counter(counts.get(d, {})) for d in g), Counter()) for g in chosen]
        framing = Framing(groups=chosen, distinctive=distinctive_words(counts, names=names))
    tell(CORPUS_STAGES[2])
    store.save_corpus_results([], [], [], [], found.copies, framing, stories, generation=generation,
                              story_results={k: story_stages.stored_form(computed[k]) if k in computed else None
                                             for k in keys.values()}, parts=found.parts)


def analyze(store, n_process: int = 0, aliases: str | Path | None = None,
            progress: Progress | None = None, errors: list[IngestError] | None = None,
            stage: Stage | None = None) -> int:
    """Extract what is new, then recompute the corpus-level stages. Returns documents newly analysed."""
    n = extract_pending(store, n_process=n_process, progress=progress, errors=errors, stage=stage)
    analyze_corpus(store, aliases=aliases, stage=stage)
    return n
