"""Nothing a user feeds it stops the batch: a generated corpus of more than 40 kinds of bad input run
through ingest and analyze in bounded time, each bad one a one-line error naming it; `kill -9` during
ingest, extraction and the corpus stages, then resume: the same results as an uninterrupted run, nothing
lost, duplicated or corrupted; workers of `analyze -j 2` die with their parent."""
from __future__ import annotations

import codecs
import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rashomon.cli import app

pytestmark = pytest.mark.reliability
runner = CliRunner()

GOOD = ("The Marrow dam burst on March 3, 2021, flooding the town of Edlin.\n"
        "According to the interior ministry, more than 300 people were killed in the flood.\n")


def _pdf(lines):
    from conftest import pdf_bytes

    return pdf_bytes([lines])


def _docx(paragraphs):
    import io

    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# name -> (bytes to write, or a callable making the path; expected: None = a document, str = error part)
def _cases(folder: Path) -> dict[str, str | None]:
    """Write the bad-input corpus into `folder`; returns each file's expected outcome."""
    expect: dict[str, str | None] = {}

    def put(name: str, data: bytes, outcome: str | None) -> None:
        (folder / name).write_bytes(data)
        expect[name] = outcome

    put("empty.txt", b"", "empty file")
    put("blank.txt", b" \n\t\n\n", "empty file")
    put("nul.txt", b"Title\nsome\x00binary", "binary file (NUL bytes)")
    put("fake-pdf.txt", b"%PDF-1.7\n...", "binary file (PDF)")
    put("png.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)")
    put("gzip.txt", gzip.compress(GOOD.encode()), "binary file (gzip)")
    put("zip.md", b"PK\x03\x04" + bytes(50), "binary file (ZIP/Office document)")
    put("noise.txt", b"Flood\n" + bytes(range(128, 256)) * 4, "no other encoding fits")
    put("bom-broken.txt", codecs.BOM_UTF8 + b"line one\nCaf\xe9", "not valid UTF-8")
    put("latin1.txt", ("Le barrage de Marrow a c\u00e9d\u00e9 le 3 mars 2021, selon le minist\u00e8re; "
                       "plus de 300 personnes ont \u00e9t\u00e9 tu\u00e9es \u00e0 Edlin.").encode("latin-1"), None)
    put("cp1251.txt", "Плотина у города прорвалась третьего марта; погибли более трёхсот человек.".encode("cp1251"),
        None)
    put("utf16-nobom.txt", GOOD.replace("300", "301").encode("utf-16-le"), None)
    put("utf16-bom.txt", GOOD.replace("300", "302").encode("utf-16"), None)
    put("wrong-charset.html", ('<html><head><meta charset="utf-8"></head><body><article><p>'
                               + "Le barrage a c\u00e9d\u00e9 \u00e0 Edlin, selon le minist\u00e8re. " * 5
                               + "</p></article></body></html>").encode("latin-1"), None)
    put("nav-only.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text")
    put("deep.html", ("<div>" * 5000 + GOOD + "</div>" * 5000).encode(), "no article text found")  # lxml gives up
    put("script-only.html", b"<html><body><script>alert(1)</script></body></html>", "no article text")
    put("bad.jsonl", b'{"text": "' + GOOD.replace("\n", " ").encode() + b'"}\n{not json\n[1, 2]\n'
        b'{"title": "no text"}\n{"text": 5}\n{"text": "  "}\n', "malformed JSON")
    put("unclosed.csv", b'title,text\nA,"' + GOOD.replace("\n", " ").encode() + b'"\nB,"never closed\nC,x\n',
        "a quote opened in this row is never closed")
    put("no-text-column.csv", b"title,[/]body\nA,B\n", "missing text field 'text' (columns: title, [/]body)")
    put("empty.csv", b"\n\n", "empty file")
    put("huge-field.csv", b"title,text\nBig,\"" + (GOOD.replace("\n", " ") * 1500).encode() + b"\"\n", None)
    put("broken.pdf", b"%PDF-1.4\nnot really a pdf", "PDF could not be read")
    put("scan.pdf", _pdf([]), "PDF has no text layer")
    put("report.pdf", _pdf(GOOD.replace("300", "303").splitlines()), None)
    put("broken.docx", b"PK\x03\x04 truncated", "DOCX could not be read")
    put("empty.docx", _docx([]), "DOCX has no text")
    put("memo.docx", _docx(GOOD.replace("300", "304").splitlines()), None)
    put("front-matter.md", b"---\ntitle: [unclosed\n---\n" + GOOD.replace("300", "305").encode(), None)
    put("markup [bold]x[red].txt", GOOD.replace("300", "310").encode(), None)
    (folder / "x[").mkdir()
    put("x[/in-bracket-folder.txt", GOOD.replace("300", "315").encode(), None)
    put("name\u202eevil.txt", GOOD.replace("300", "320").encode(), None)
    put("controls.txt", ("\u202e\u200b\x07" + GOOD.replace("300", "330")).encode(), None)
    put("only-numbers.txt", b"1 2 3 4 5 6 7 8 9\n10 11 12\n", None)
    put("long-word.txt", b"Flood " + b"a" * 100_000 + b" ends.\n", None)
    put("one-line.txt", (GOOD.replace("\n", " ") * 1000).encode(), None)          # ~150 KB, no line break
    put("too-long-text.txt", b"Flood. " * 230_000, "text too long to analyse")   # 1.6 M characters
    put("many-lines.txt", "\n".join(str(i % 997) for i in range(100_000)).encode(), None)   # ~0.3 MB
    put("dated-lines.txt", "\n".join(f"March {1 + i % 28}, 2021: dam held." for i in range(10_000)).encode(),
        None)
    put("copy-of-good.txt", GOOD.replace("300", "340").encode(), None)
    put("same-again.txt", GOOD.replace("300", "340").encode(), "duplicate")     # same text: stored once
    put("too-large.txt", (GOOD * 40_000).encode(), "too large")                  # > --max-size 4
    (folder / "dir.txt").mkdir()
    expect["dir.txt"] = "skip"                                                    # a folder: walked, empty
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    expect["loop-a.txt"] = expect["loop-b.txt"] = "symlink loop"
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    expect["dangling.txt"] = "no such file or directory"
    os.mkfifo(folder / "pipe.txt")
    expect["pipe.txt"] = "not a regular file (a named pipe)"
    os.symlink("/dev/zero", folder / "zero.txt")
    expect["zero.txt"] = "not a regular file (a device)"
    put("image.png", b"\x89PNG\r\n\x1a\n", "skip")                               # not a supported type
    return expect


def _errors(output: str, names) -> dict[str, str]:
    """file name -> its error line in ingest's output (each error is one line naming the file)."""
    lines = [ln for ln in output.splitlines() if ln.startswith("error ")]
    return {n: next(ln for ln in lines if f"/{n}:" in ln) for n in names if any(f"/{n}:" in ln for ln in lines)}


def _integrity(db: str) -> None:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    con.close()


def test_the_bad_input_corpus(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    expect = _cases(folder)
    kinds = [k for k, v in expect.items() if v != "skip"]
    assert len(kinds) >= 40
    db = str(tmp_path / "bad.db")
    t0 = time.monotonic()
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--max-size", "4"])
    ingest_seconds = time.monotonic() - t0
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = _errors(result.output, expect)
    for name, outcome in expect.items():
        if outcome in (None, "skip", "duplicate"):
            assert name not in errors, (name, errors.get(name))
        else:
            assert name in errors and outcome in errors[name], (name, errors.get(name), outcome)
    assert "skipped 1 file of unsupported types (.png)" in result.output
    assert ingest_seconds < 120
    documents = json.loads(runner.invoke(app, ["documents", "--db", db, "--json"]).output)
    stored = {d["file"] for d in documents}
    wanted = {Path(n).name + ("#2" if n.endswith(".csv") else "") for n, o in expect.items() if o is None}
    assert wanted <= stored, wanted - stored
    assert "same-again.txt" not in stored and "copy-of-good.txt" in stored
    t0 = time.monotonic()
    analysed = runner.invoke(app, ["analyze", "--db", db, "-q"])
    analyse_seconds = time.monotonic() - t0
    assert analysed.exit_code == 0, analysed.output
    assert analyse_seconds < 600, analyse_seconds                 # 100,000 lines and 10,000 dated lines in it
    statuses = {d["file"]: d["status"] for d in json.loads(runner.invoke(app, ["documents", "--db", db,
                                                                                "--json"]).output)}
    assert set(statuses.values()) == {"analysed"}, statuses
    for command in (["conflicts"], ["entities"], ["stories"], ["info"]):
        shown = runner.invoke(app, [*command, "--db", db])
        assert shown.exit_code == 0 and "Traceback" not in shown.output, (command, shown.output)
    assert runner.invoke(app, ["report", str(tmp_path / "r.html"), "--db", db]).exit_code == 0
    _integrity(db)


# ---------------------------------------------------------------------------------------------- kill -9
PLACES = ["Edlin", "Varn", "Korvel", "Tarvan", "Oskel", "Brenmor"]
SOURCES = ["the interior ministry", "the Valley Relief Committee", "the Free Coast Front", "the river authority"]


def _news(folder: Path, n: int) -> Path:
    """n short invented news texts about a few floods, told with different dates and tolls."""
    folder.mkdir()
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        (folder / f"n{i:03d}.txt").write_text(
            f"Flood report {i}: {place}\n\n"
            f"The dam above {place} burst on March {1 + i % 5}, 2021, {SOURCES[i % 4]} said.\n"
            f"According to {SOURCES[(i + 1) % 4]}, {40 + 13 * (i % 7)} people were killed in the flood in {place}.\n"
            f"Rescuers reached {place} two days later; {3 + i % 4} bridges were destroyed.\n", encoding="utf-8")
    return folder


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "rashomon", *args]


def _count(db: str, sql: str) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _kill_when(cmd: list[str], ready, timeout: float = 240) -> bool:
    """Run cmd; kill -9 it as soon as ready() holds; whether it was killed before it ended."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    proc.wait(timeout=timeout)
    return False


def _results(db: str) -> dict:
    from rashomon.export import build_export
    from rashomon.store import Store

    with Store(db) as store:
        data = build_export(store)
    data.pop("analysis")
    return data


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """An uninterrupted ingest and analyze of the news corpus."""
    tmp = tmp_path_factory.mktemp("ref")
    folder = _news(tmp / "news", 36)
    db = str(tmp / "ref.db")
    assert subprocess.run(_cli("ingest", str(folder), "--db", db, "-q")).returncode == 0
    assert subprocess.run(_cli("analyze", "--db", db, "-q", "-j", "1")).returncode == 0
    return folder, _results(db)


def test_kill_during_ingest_then_resume(tmp_path, reference):
    folder, expected = reference
    db = str(tmp_path / "k.db")
    killed = _kill_when(_cli("ingest", str(folder), "--db", db, "-q"),
                        lambda: _count(db, "SELECT count(*) FROM documents") >= 5)
    _integrity(db)
    if killed:
        assert _count(db, "SELECT count(*) FROM documents") < 36
    assert subprocess.run(_cli("ingest", str(folder), "--db", db, "-q")).returncode == 0
    assert _count(db, "SELECT count(*) FROM documents") == 36                  # nothing lost or twice
    assert subprocess.run(_cli("analyze", "--db", db, "-q", "-j", "1")).returncode == 0
    assert _results(db)["findings"] == expected["findings"]


@pytest.mark.parametrize("moment", ["extraction", "corpus stages"])
def test_kill_during_analysis_then_resume(tmp_path, reference, moment):
    folder, expected = reference
    db = str(tmp_path / "k.db")
    assert subprocess.run(_cli("ingest", str(folder), "--db", db, "-q")).returncode == 0
    done = "SELECT count(*) FROM documents WHERE analyzed = 1"
    ready = ((lambda: 3 <= _count(db, done) < 36) if moment == "extraction" else
             (lambda: _count(db, done) == 36))
    killed = _kill_when(_cli("analyze", "--db", db, "-q", "-j", "1"), ready)
    _integrity(db)
    from rashomon.store import Store

    if killed and moment == "extraction":
        with Store(db) as store:
            assert store.stale() and 3 <= len(store.documents(analyzed=True)) < 36
    if killed:
        stale = runner.invoke(app, ["conflicts", "--db", db])
        with Store(db) as store:
            assert store.stale() == ("analysis out of date" in stale.output)
    assert subprocess.run(_cli("analyze", "--db", db, "-q", "-j", "1")).returncode == 0
    with Store(db) as store:
        assert not store.stale()
    assert _results(db)["findings"] == expected["findings"]
    assert _results(db)["events"] == expected["events"]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_of_analyze_j2_die_with_it(tmp_path):
    folder = _news(tmp_path / "news", 60)
    db = str(tmp_path / "j.db")
    assert subprocess.run(_cli("ingest", str(folder), "--db", db, "-q")).returncode == 0
    proc = subprocess.Popen(_cli("analyze", "--db", db, "-q", "-j", "2"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    workers: list[int] = []
    end = time.monotonic() + 120
    while time.monotonic() < end and proc.poll() is None:
        workers = [c for c in _children(proc.pid) if _alive(c)]
        if len(workers) >= 2 and _count(db, "SELECT count(*) FROM documents WHERE analyzed = 1") >= 1:
            break
        time.sleep(0.05)
    if proc.poll() is not None or len(workers) < 2:
        pytest.skip("the analysis ended before its workers could be seen")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    end = time.monotonic() + 15
    while time.monotonic() < end and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "spaCy workers outlived their parent"
