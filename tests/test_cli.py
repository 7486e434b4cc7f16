"""The command line: ingest (re-ingest is a no-op, bad input reported and skipped), analyze, export, docs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]

FLOOD_A = """Flood kills hundreds in Marrow Valley

By Ana Ruiz

The Marrow dam burst on March 3, 2021, flooding the town of Edlin.
According to the interior ministry, more than 300 people were killed in the flood.
"""
FLOOD_B = """Edlin disaster: the toll

The Marrow dam failed on March 4, 2021 after days of rain.
The Valley Relief Committee said 120 people were killed in the flood in Edlin.
"""


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(FLOOD_A, encoding="utf-8")
    (folder / "b.txt").write_text(FLOOD_B, encoding="utf-8")
    return folder


def test_reingesting_the_same_folder_adds_nothing(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "r.db")
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.output
    assert "2 documents added" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert again.exit_code == 0
    assert "0 documents added, 2 already stored" in again.output


def test_bad_input_is_reported_and_the_rest_goes_on(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "r.db")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "c.jsonl").write_text('{"text": "The bridge opened in 1990."}\n{not json\n', encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 1
    out = result.output
    assert "empty.txt" in out and "bin.txt" in out and "c.jsonl:2" in out
    assert "3 documents added" in out


def test_nothing_stored_is_lost_when_a_later_batch_fails(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    runner.invoke(app, ["ingest", str(bad), "--db", db])
    from rashomon.store import Store

    with Store(db) as store:
        assert len(store.documents()) == 2


def test_analyze_export_and_report(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    result = runner.invoke(app, ["analyze", "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.json"
    assert runner.invoke(app, ["export", "--db", db, "--format", "json", str(out)]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    from rashomon.export import validate_export

    validate_export(data)
    assert len(data["documents"]) == 2
    assert any(m["kind"] == "date" and m["value"] == "2021-03-03" for m in data["mentions"])
    for fmt, name in (("csv", "out.csv"), ("md", "out.md")):
        r = runner.invoke(app, ["export", "--db", db, "--format", fmt, str(tmp_path / name)])
        assert r.exit_code == 0, r.output
    assert (tmp_path / "out-mentions.csv").exists()
    html = tmp_path / "r.html"
    assert runner.invoke(app, ["report", "--db", db, str(html)]).exit_code == 0
    assert "Marrow" in html.read_text(encoding="utf-8")
    # a second analyze has nothing new to extract
    again = runner.invoke(app, ["analyze", "--db", db])
    assert "0 documents analysed" in again.output


def test_group_assigns_documents_and_framing_follows(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert runner.invoke(app, ["group", "ministry", "a.txt", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["group", "relief", "d2", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["group", "x", "nope.txt", "--db", db]).exit_code == 1
    runner.invoke(app, ["analyze", "--db", db, "--quiet"])
    from rashomon.store import Store

    with Store(db) as store:
        assert [d.group for d in store.documents()] == ["ministry", "relief"]
        assert sorted(map(sorted, store.framing().groups)) == [["d1"], ["d2"]]


def _commands():
    import typer

    return sorted(typer.main.get_command(app).commands.items())


@pytest.mark.parametrize("command", [name for name, _ in _commands()])
def test_help_shows_click_metavars_and_none_after_a_flag(command):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert not re.search(r"<(bool|str|int|list\[|Path)", result.output), result.output    # no Python types
    for line in result.output.splitlines():
        if re.search(r"│ (--help|--json|--quiet)\b", line):
            assert re.search(r"(--help|--json|--quiet)(\s+-\w)?\s{2,}[A-Z][a-z]", line), line  # help text follows
    if command in ("conflicts", "ingest"):
        assert re.search(r"--db\s+FILE\s", result.output)
    usage = result.output.split("Usage:", 1)[1].splitlines()[0]
    assert "{" not in usage, usage                           # arguments as Click writes them: OUT, PATHS...
    if command == "ingest":
        assert "[OPTIONS] PATHS..." in usage


@pytest.mark.parametrize("command", [name for name, _ in _commands()])
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command):
    """Driven by the Typer app itself: every command renders its help with an example, and the README
    shows the command and every one of its long options."""
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"rashomon {command}\b", readme), f"README does not show `rashomon {command}`"
    click_command = dict(_commands())[command]
    options = [o for p in click_command.params for o in p.opts if o.startswith("--") and o != "--help"]
    assert not [o for o in options if o not in readme], f"README does not mention {command}'s options"


def test_a_document_that_cannot_be_analysed_is_marked_failed_and_the_rest_goes_on(tmp_path, monkeypatch):
    import rashomon.extract as extract

    folder, db = _corpus(tmp_path), str(tmp_path / "r.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    real = extract.extract_document

    def fragile(doc, sdoc):
        if doc.file == "a.txt":
            raise MemoryError("out of memory [/]")
        return real(doc, sdoc)

    monkeypatch.setattr(extract, "extract_document", fragile)
    result = runner.invoke(app, ["analyze", "--db", db])
    assert result.exit_code == 1
    assert "a.txt: extraction failed: MemoryError: out of memory [/]" in result.output
    assert "1 documents analysed" in result.output
    again = runner.invoke(app, ["analyze", "--db", db])                 # does not fail every later analyze
    assert again.exit_code == 0 and "0 documents analysed" in again.output, again.output
    listed = {d["file"]: d for d in json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)}
    assert listed["a.txt"]["status"] == "failed: extraction failed: MemoryError: out of memory [/]"
    assert listed["b.txt"]["status"] == "analysed" and listed["b.txt"]["encoding"] == "utf-8"


def test_a_long_text_is_analysed_in_passages_with_the_same_findings(tmp_path, monkeypatch):
    import rashomon.settings as settings

    folder = _corpus(tmp_path)
    whole = str(tmp_path / "whole.db")
    runner.invoke(app, ["ingest", str(folder), "--db", whole])
    runner.invoke(app, ["analyze", "--db", whole])
    monkeypatch.setattr(settings, "PASSAGE_CHARS", 120)        # every document is "long": cut at line breaks
    cut = str(tmp_path / "cut.db")
    runner.invoke(app, ["ingest", str(folder), "--db", cut])
    result = runner.invoke(app, ["analyze", "--db", cut])
    assert result.exit_code == 0, result.output
    values = lambda db: [(f["what"], [s["value"] for s in f["sides"]])  # noqa: E731
                         for f in json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json"]).output)]
    assert values(cut) == values(whole) and values(whole)


def _sample_db(tmp_path: Path) -> str:
    from rashomon.report.sample import build_sample_store

    db = tmp_path / "sample.db"
    build_sample_store(db).close()
    return str(db)


def test_conflicts_json_shows_each_side_with_documents_parties_quotes_and_reasons(tmp_path):
    result = runner.invoke(app, ["conflicts", "--db", _sample_db(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    data = {f["id"]: f for f in json.loads(result.output)}
    assert sorted(data) == ["f1", "f2", "f7"]
    f1 = data["f1"]
    assert f1["groups"] == [["d1.t1"], ["d2.t1"]] and f1["confidence"] == 0.8
    assert f1["reasons"] == ["same happening to the same named theme", "the same place: <Varn>"]
    assert f1["story"] == "Varn · Free Coast Front · 2021"
    assert [s["value"] for s in f1["sides"]] == ["exact 2021-03-03", "exact 2021-03-09"]
    side2 = f1["sides"][1]["mentions"][0]
    assert side2["document"] == "coast-radio.txt" and side2["party"] == "Free Coast Front"
    assert side2["quote"] == "Fighters of the Free Coast Front say the bridge at Varn fell on March 9, 2021."
    assert data["f7"]["sides"][1]["mentions"][0]["party"] == "(the document itself)"   # no groups: one side each
    agreements = json.loads(runner.invoke(app, ["agreements", "--db", _sample_db(tmp_path), "--json"]).output)
    assert {f["id"]: f["independent"] for f in agreements} == {"f3": True, "f4": False, "f5": False}


@pytest.fixture()
def wide(monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("rashomon.cli.main").console, "width", 250)


@pytest.fixture()
def terminal(monkeypatch):
    """Listings print as they do on a terminal (the test runner's stdout is a pipe)."""
    import importlib

    monkeypatch.setattr(importlib.import_module("rashomon.cli.output"), "is_terminal", lambda: True)


def test_conflicts_on_a_terminal_are_one_line_a_quote(tmp_path, monkeypatch, terminal):
    import importlib

    monkeypatch.setattr(importlib.import_module("rashomon.cli.main").console, "width", 120)
    db = _sample_db(tmp_path)
    result = runner.invoke(app, ["conflicts", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["finding", "what", "side", "value", "party", "document", "quote"]
    quotes = sum(len(s["mentions"]) for f in json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json"]).output)
                 for s in f["sides"])
    rows = [ln for ln in lines[1:] if ln.strip() and "rashomon show ID" not in ln]
    assert len(rows) == quotes and all(len(ln) <= 120 for ln in rows)      # one line each, cut to the width
    assert rows[0].startswith("f1 (major)") and not rows[1].startswith("f1")  # the id once per finding
    assert "…" in result.output and "rashomon show ID: one finding in full" in result.output
    full = runner.invoke(app, ["show", "f1", "--db", db])
    assert "why: same happening" in full.output and "confidence 0.80" in full.output


def test_listings_print_tab_separated_lines_when_piped(tmp_path):
    db = _sample_db(tmp_path)
    result = runner.invoke(app, ["conflicts", "--db", db])
    header, *rows = result.output.splitlines()
    assert header.split("\t") == ["finding", "what", "side", "value", "party", "document", "quote"]
    first = rows[0].split("\t")
    assert len(first) == 7 and first[0] == "f1 (major)" and first[3] == "exact 2021-03-03"
    assert first[6].endswith(".") and "…" not in result.output                      # quotes in full
    assert all(len(r.split("\t")) == 7 for r in rows)
    ents = runner.invoke(app, ["entities", "--db", db, "--type", "ORG"]).output.splitlines()
    assert ents[0].split("\t") == ["id", "type", "canonical", "aliases", "mentions per document"]
    assert any("Free Coast Front" in ln and "\tORG\t" in ln for ln in ents[1:])
    listed = json.loads(runner.invoke(app, ["entities", "--db", db, "--nl"]).output.splitlines()[0])
    assert set(listed) == {"id", "type", "canonical", "aliases", "mentions"}
    every = [f["id"] for f in json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json"]).output)]
    about = {e["canonical"]: [f["id"] for f in json.loads(runner.invoke(
        app, ["conflicts", "--db", db, "--json", "--entity", e["id"]]).output)]
        for e in json.loads(runner.invoke(app, ["entities", "--db", db, "--json"]).output)}
    assert about["Free Coast Front"] == every and about["Idris Maro"] == ["f7"]
    by_alias = json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json", "--entity", "col. maro"]).output)
    assert [f["id"] for f in by_alias] == ["f7"]
    assert json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json", "--entity", "Nobody Atall"]).output) == []


def test_stories_lists_stories_and_their_documents(tmp_path, wide, terminal):
    db = _sample_db(tmp_path)
    result = runner.invoke(app, ["stories", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Varn · Free Coast Front · 2021" in result.output and "leaked-memo.txt" in result.output
    data = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).output)
    assert [(s["id"], [d["id"] for d in s["documents"]]) for s in data] == [("s1", ["d1", "d2", "d3", "d4"]),
                                                                           ("s2", ["d5"])]
    assert data[1]["documents"][0]["file"] == "leaked-memo.txt" and data[0]["terms"][0] == "Varn"
    from rashomon.store import Store

    Store(tmp_path / "new.db").close()   # an empty store (a missing one is an error: see below)
    empty = runner.invoke(app, ["stories", "--db", str(tmp_path / "new.db")])
    assert empty.exit_code == 0 and "no stories" in empty.output


def test_reading_commands_refuse_a_missing_store_and_a_file_that_is_not_one(tmp_path):
    missing = tmp_path / "typo.db"
    for command in (["conflicts"], ["agreements"], ["entities"], ["stories"], ["report", str(tmp_path / "r.html")],
                    ["export", "--format", "json", str(tmp_path / "x.json")], ["analyze"], ["info"], ["serve"]):
        result = runner.invoke(app, [*command, "--db", str(missing)])
        assert result.exit_code == 1, (command, result.output)
        assert "no store at" in result.output and "rashomon ingest" in result.output, (command, result.output)
        assert not missing.exists(), command
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database\n", encoding="utf-8")
    result = runner.invoke(app, ["conflicts", "--db", str(bogus)])
    assert result.exit_code == 1 and "not a rashomon store" in result.output and "Traceback" not in result.output


def test_version_info_and_usage_errors(tmp_path):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and re.match(r"rashomon \S+", result.output)
    folder, db = _corpus(tmp_path), str(tmp_path / "i.db")
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text(FLOOD_A, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(one), "--db", db])
    assert "1 document added" in result.output, result.output
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    runner.invoke(app, ["analyze", "--db", db])
    result = runner.invoke(app, ["info", "--db", db])
    assert result.exit_code == 0, result.output
    assert "documents: 2" in result.output and "schema version" in result.output and "model:" in result.output
    result = runner.invoke(app, ["entities", "--type", "FOO", "--db", db])
    assert result.exit_code == 2 and "FOO" in result.output
    assert "[web]" in runner.invoke(app, ["serve", "--help"]).output


def test_listings_filter_and_print_json_lines_csv_and_one_finding(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "f.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    runner.invoke(app, ["analyze", "--db", db])
    listed = json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json"]).output)
    assert listed, "the flood texts disagree on the toll"
    lines = runner.invoke(app, ["conflicts", "--db", db, "--nl"]).output.strip().splitlines()
    assert [json.loads(x)["id"] for x in lines] == [f["id"] for f in listed]
    rows = runner.invoke(app, ["conflicts", "--db", db, "--csv"]).output.strip().splitlines()
    assert rows[0].startswith("finding,") and len(rows) > len(listed)
    assert json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json", "--party", "no such party"]).output) == []
    assert len(json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json", "--limit", "1"]).output)) == 1
    kept = json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json", "--doc", "b.txt"]).output)
    assert kept and all(any(m["document"] == "b.txt" for s in f["sides"] for m in s["mentions"]) for f in kept)
    assert runner.invoke(app, ["conflicts", "--db", db, "--json", "--nl"]).exit_code == 2
    one = runner.invoke(app, ["show", listed[0]["id"], "--db", db])
    assert one.exit_code == 0 and "side 1:" in one.output and "why:" in one.output, one.output
    assert runner.invoke(app, ["show", "f999", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["inconsistencies", "--db", db]).exit_code == 0


def test_files_of_unsupported_types_in_a_folder_are_named(tmp_path):
    folder = _corpus(tmp_path)
    (folder / "scan.tiff").write_bytes(b"II*\x00")
    (folder / "memo.odt").write_bytes(b"PK\x03\x04")
    (folder / "other.tiff").write_bytes(b"II*\x00")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "u.db")])
    assert result.exit_code == 0, result.output
    assert "2 documents added" in result.output
    assert "skipped 3 files of unsupported types (.odt, .tiff)" in result.output


def test_report_open_opens_the_written_file_and_an_unwritable_path_is_one_line(tmp_path, monkeypatch):
    folder, db = _corpus(tmp_path), str(tmp_path / "o.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    runner.invoke(app, ["analyze", "--db", db])
    opened = []
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url))
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(out), "--db", db, "--open"])
    assert result.exit_code == 0 and opened == [out.resolve().as_uri()], result.output
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["report", str(blocked / "r.html"), "--db", db])
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output


def test_documents_and_events_are_listed(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "d.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    before = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)
    assert [(d["file"], d["analyzed"]) for d in before] == [("a.txt", False), ("b.txt", False)]
    runner.invoke(app, ["analyze", "--db", db])
    after = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)
    assert all(d["analyzed"] and d["story"] for d in after)
    assert len(json.loads(runner.invoke(app, ["documents", "--db", db, "--json", "--story", "s9"]).output)) == 0
    events = [json.loads(x) for x in runner.invoke(app, ["events", "--db", db, "--nl"]).output.splitlines()]
    assert events and all(e["id"].startswith("v") and e["statements"] >= 2 for e in events)
    table = runner.invoke(app, ["documents", "--db", db])
    assert table.exit_code == 0 and "a.txt" in table.output


def test_a_pdf_and_a_docx_are_read_and_compared(tmp_path):
    import docx
    from conftest import pdf_bytes

    folder = tmp_path / "filings"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(pdf_bytes([FLOOD_A.splitlines()]))
    memo = docx.Document()
    for line in FLOOD_B.splitlines():
        memo.add_paragraph(line)
    memo.save(str(folder / "b.docx"))
    db = str(tmp_path / "f.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0 and "2 documents added" in result.output, result.output
    assert runner.invoke(app, ["analyze", "--db", db, "--quiet"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json"]).output)
    files = {m["document"] for c in listed for side in c["sides"] for m in side["mentions"]}
    assert {"a.pdf", "b.docx"} <= files, listed


def test_analyze_tells_each_stage_from_the_start(tmp_path):
    """What the progress bar shows: the document count before the model loads, then each stage."""
    from rashomon.pipeline import CORPUS_STAGES, analyze, ingest
    from rashomon.store import Store

    heard: list = []
    with Store(tmp_path / "p.db") as store:
        ingest(store, [_corpus(tmp_path)])
        analyze(store, stage=heard.append, progress=lambda i, total: heard.append((i, total)))
    assert heard == [(0, 2), "loading the language model", "extracting", (1, 2), (2, 2), *CORPUS_STAGES]


def test_the_default_process_count_is_one_for_a_small_batch(monkeypatch):
    import os

    from rashomon.pipeline import processes_for
    from rashomon.settings import PARALLEL_FROM_DOCUMENTS

    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1, 2, 3}, raising=False)
    assert processes_for(PARALLEL_FROM_DOCUMENTS - 1) == 1
    assert processes_for(PARALLEL_FROM_DOCUMENTS) == 2
    assert processes_for(3, n_process=3) == 3                      # asked for: given
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0}, raising=False)
    assert processes_for(500) == 1                                 # one core: one process
    assert "0 (default)" in runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "200"}).output


def test_a_bad_alias_file_is_refused_before_any_work(tmp_path):
    folder, db = _corpus(tmp_path), str(tmp_path / "al.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    (tmp_path / "bad.toml").write_text("merge = [\n", encoding="utf-8")
    for aliases, why in (("missing.toml", "cannot read alias file"), ("bad.toml", "not valid TOML")):
        result = runner.invoke(app, ["analyze", "--db", db, "--aliases", str(tmp_path / aliases)])
        assert result.exit_code == 2 and why in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    from rashomon.store import Store

    with Store(db) as store:
        assert len(store.documents(pending=True)) == 2                 # nothing was extracted


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    from rashomon.cli.main import main
    from rashomon.store import Store

    db = _sample_db(tmp_path)

    def broken(self):
        raise ValueError("the disk said no\nsecond line")

    monkeypatch.setattr(Store, "findings", broken)
    with pytest.raises(SystemExit) as exit_:
        main(["info", "--db", db])
    assert exit_.value.code == 1
    assert capsys.readouterr().err.strip() == ("error: ValueError: the disk said no "
                                               "(run again with --debug for the traceback)")
    with pytest.raises(ValueError, match="the disk said no"):
        main(["info", "--db", db, "--debug"])


def test_remove_and_the_out_of_date_warning(tmp_path, monkeypatch):
    folder, db = _corpus(tmp_path), str(tmp_path / "st.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert "analysis out of date" in runner.invoke(app, ["conflicts", "--db", db]).output   # never analysed
    runner.invoke(app, ["analyze", "--db", db, "-q"])
    fresh = runner.invoke(app, ["conflicts", "--db", db])
    assert fresh.exit_code == 0 and "out of date" not in fresh.output
    assert "analysis: up to date" in runner.invoke(app, ["info", "--db", db]).output
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "c.txt").write_text("The Marrow dam burst on March 5, 2021, the radio said.\n", encoding="utf-8")
    runner.invoke(app, ["ingest", str(extra), "--db", db])
    assert "analysis out of date" in runner.invoke(app, ["conflicts", "--db", db]).output
    assert "analysis: out of date" in runner.invoke(app, ["info", "--db", db]).output

    import rashomon.compare as compare_stage                  # an analysis cut short in the corpus stages

    def killed(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(compare_stage, "compare", killed)
    with pytest.raises(KeyboardInterrupt):
        from rashomon.pipeline import analyze
        from rashomon.store import Store

        with Store(db) as store:
            analyze(store)
    monkeypatch.undo()
    assert "analysis out of date" in runner.invoke(app, ["conflicts", "--db", db]).output
    runner.invoke(app, ["analyze", "--db", db, "-q"])
    assert "out of date" not in runner.invoke(app, ["conflicts", "--db", db]).output

    gone = runner.invoke(app, ["remove", "c.txt", "d1", "--db", db])
    assert gone.exit_code == 0 and "2 documents removed" in gone.output, gone.output
    listed = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)
    assert [d["file"] for d in listed] == ["b.txt"]
    from rashomon.store import Store

    with Store(db) as store:
        assert {m.doc for m in store.mentions()} == {"d2"} and store.stale()
        assert store.search("interior") == [] and store.search("Relief")          # the index follows
        assert store.db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    assert runner.invoke(app, ["remove", "d99", "--db", db]).exit_code == 1
    runner.invoke(app, ["analyze", "--db", db, "-q"])
    assert json.loads(runner.invoke(app, ["conflicts", "--db", db, "--json"]).output) == []


def test_stored_parses_leave_out_the_tensor(tmp_path):
    """No stage reads the tok2vec tensor; left out, a stored parse is about a third of its size, and
    compressed a quarter of that. A parse stored uncompressed (an older store) still reads."""
    from rashomon.extract.nlp import doc_from_bytes
    from rashomon.store import Store

    folder, db = _corpus(tmp_path), str(tmp_path / "t.db")
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    runner.invoke(app, ["analyze", "--db", db, "-q"])
    with Store(db) as store:
        parses = store.parses()
    assert len(parses) == 2
    for data in parses.values():
        doc = doc_from_bytes(data)
        assert doc.tensor.size == 0 and len(doc) > 10 and doc.has_annotation("DEP")
        plain = doc.to_bytes(exclude=["tensor"])
        assert len(data) * 2 < len(plain)                                  # compressed
        assert [t.dep_ for t in doc_from_bytes(plain)] == [t.dep_ for t in doc]
