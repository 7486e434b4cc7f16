"""Ingest: formats, bad input, page furniture, header metadata, gold-quote survival, demo corpus."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.ingest import CorpusFields, clean_text, parse_date, read_paths
from rashomon.models import Document, IngestError

DEMO = Path(__file__).resolve().parents[1] / "src" / "rashomon" / "demo"
SHARED = Path(os.environ.get("RASHOMON_SHARED") or Path(__file__).resolve().parents[2] / "shared")


def read(*paths, fields=CorpusFields()):
    return list(read_paths(list(paths), fields))


def one_doc(path) -> Document:
    (doc,) = read(path)
    assert isinstance(doc, Document), doc
    return doc


def one_error(path) -> IngestError:
    (err,) = read(path)
    assert isinstance(err, IngestError), err
    return err


def locate(text, quote):
    """As the scorer does: exact, else tolerant of whitespace differences only."""
    if quote in text:
        return True
    words = quote.split()
    return bool(words) and re.search(r"\s+".join(map(re.escape, words)), text) is not None


# ---------------------------------------------------------------- plain text

ARTICLE = """\
Flood kills dozens in Varnia
Tuesday, October 8, 2024
By Mira Solberg

Dozens of people died when the Kessel dam gave way on March 4, officials said.

The interior ministry said 112 bodies had been recovered.   Rescue teams were still searching.
"""


def test_txt_document_metadata_and_verbatim_text(tmp_path):
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    doc = one_doc(p)
    assert doc.text == (
        "Flood kills dozens in Varnia\n\n"
        "Dozens of people died when the Kessel dam gave way on March 4, officials said.\n\n"
        "The interior ministry said 112 bodies had been recovered.   Rescue teams were still searching."
    )
    assert doc.title == "Flood kills dozens in Varnia"
    assert doc.author == "Mira Solberg"
    assert doc.published == "2024-10-08"
    assert doc.file == "article.txt"
    assert doc.path == str(p)
    assert doc.outlet is None
    assert doc.content_hash == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def test_md_is_read_as_text(tmp_path):
    p = tmp_path / "note.md"
    p.write_text("# Flood report\n\nThe river rose by four metres in one night, the mayor said.\n",
                 encoding="utf-8")
    doc = one_doc(p)
    assert doc.text == "# Flood report\n\nThe river rose by four metres in one night, the mayor said."
    assert doc.title == "# Flood report"


def test_crlf_and_bom_are_normalized(tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes(b"\xef\xbb\xbfDam report\r\n\r\nThe dam failed at night, the water board said today.\r\n")
    doc = one_doc(p)
    assert doc.text == "Dam report\n\nThe dam failed at night, the water board said today."


def test_same_text_same_hash(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("Tuesday, October 8, 2024", "Wednesday, October 9, 2024"),
                                    encoding="utf-8")
    a, b = read(tmp_path)
    assert a.content_hash == b.content_hash          # the date line is metadata, not text
    assert (a.published, b.published) == ("2024-10-08", "2024-10-09")


def test_only_furniture_is_an_error(tmp_path):
    p = tmp_path / "chrome.txt"
    p.write_text("Home » News\nShare this\nLeave a Comment\n", encoding="utf-8")
    err = one_error(p)
    assert err.reason == "no article text left after removing page furniture"


# ---------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Flood kills dozens in Varnia | The Harbor Courier</title>
<meta property="og:site_name" content="The Harbor Courier">
<meta property="og:title" content="Flood kills dozens in Varnia">
<meta name="author" content="Mira Solberg">
<meta property="article:published_time" content="2021-03-05T09:30:00Z">
<link rel="canonical" href="https://harborcourier.example/news/varnia-flood">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article>
<h1>Flood kills dozens in Varnia</h1>
<p>Dozens of people died when the Kessel dam gave way on March 4, officials said.</p>
<p>The interior ministry said 112 bodies had been recovered by Friday evening. Rescue teams were still searching villages downstream of the reservoir.</p>
<p>“We heard a roar and then the water came,” said one resident of Lower Brenn, who gave only her first name.</p>
</article>
<aside><h3>Related posts</h3><ul><li><a href="/x">Dam inspectors warned of cracks</a></li></ul></aside>
<section id="comments"><h3>Leave a Comment</h3><p>Great article, thanks for writing it!</p></section>
<footer>© 2021 The Harbor Courier. All rights reserved.</footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    doc = one_doc(p)
    assert doc.title == "Flood kills dozens in Varnia"
    assert doc.author == "Mira Solberg"
    assert doc.published == "2021-03-05"
    assert doc.outlet == "The Harbor Courier"
    assert doc.url == "https://harborcourier.example/news/varnia-flood"
    assert doc.file == "page.html"
    assert "Dozens of people died when the Kessel dam gave way on March 4, officials said." in doc.text
    assert "“We heard a roar and then the water came,” said one resident of Lower Brenn" in doc.text
    for chrome in ("Related posts", "Dam inspectors warned", "Great article", "All rights reserved"):
        assert chrome not in doc.text


def test_html_declared_charset(tmp_path):
    p = tmp_path / "latin.htm"
    html = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    html = html.replace("Lower Brenn", "Lower Brénn")
    p.write_bytes(html.encode("cp1252"))
    doc = one_doc(p)
    assert "Lower Brénn" in doc.text


def test_html_without_article_text(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
                 encoding="utf-8")
    assert one_error(p).reason == "no article text found in HTML"


# ---------------------------------------------------------------- JSONL and CSV corpora

def test_jsonl_records(tmp_path):
    p = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"text": "The dam failed at night and the water reached the town before dawn.",
                    "title": "Dam fails", "outlet": "Harbor Courier", "url": "https://h.example/1",
                    "published": "March 5, 2021", "author": "Mira Solberg", "group": "government"}),
        "",
        json.dumps({"text": "Rebels said more than 300 people were killed in the flood on Saturday.",
                    "published": "sometime"}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    a, b = read(p)
    assert (a.file, a.path) == ("corpus.jsonl#1", f"{p}:1")
    assert (a.title, a.outlet, a.url, a.published, a.author, a.group) == (
        "Dam fails", "Harbor Courier", "https://h.example/1", "2021-03-05", "Mira Solberg", "government")
    assert (b.file, b.path, b.published, b.outlet) == ("corpus.jsonl#3", f"{p}:3", None, None)
    assert b.text == "Rebels said more than 300 people were killed in the flood on Saturday."


def test_jsonl_bad_lines_do_not_stop_the_file(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text(
        '{"text": "The first record is fine and has a whole sentence in it."}\n'
        '{"text": "unterminated\n'
        '{"body": "no text field here"}\n'
        '["a", "list"]\n'
        '{"text": 42}\n'
        '{"text": "   "}\n'
        '{"text": "The last record is fine as well and is read after the errors."}\n',
        encoding="utf-8",
    )
    got = read(p)
    assert [type(x).__name__ for x in got] == ["Document", "IngestError", "IngestError", "IngestError",
                                              "IngestError", "IngestError", "Document"]
    errors = [(e.line, e.reason) for e in got if isinstance(e, IngestError)]
    assert errors[0][0] == 2 and errors[0][1].startswith("malformed JSON: Unterminated string")
    assert errors[1:] == [
        (3, "missing text field 'text'"),
        (4, "expected a JSON object, got list"),
        (5, "text field 'text' is not a string (int)"),
        (6, "empty text field 'text'"),
    ]
    assert str(got[2]) == f"{p}:3: missing text field 'text'"
    assert got[-1].file == "bad.jsonl#7"


def test_jsonl_custom_fields(tmp_path):
    p = tmp_path / "custom.jsonl"
    p.write_text(json.dumps({"body": "Officials said the dam failed after days of heavy rain upstream.",
                             "headline": "Dam fails", "source": "Wire", "date": "2023-03-04"}) + "\n",
                 encoding="utf-8")
    fields = CorpusFields(text="body", title="headline", outlet="source", published="date")
    (doc,) = read(p, fields=fields)
    assert (doc.title, doc.outlet, doc.published) == ("Dam fails", "Wire", "2023-03-04")
    err = one_error(p)                                 # default field names: no 'text'
    assert (err.line, err.reason) == (1, "missing text field 'text'")


def test_csv_rows_with_bom_and_multiline_fields(tmp_path):
    p = tmp_path / "corpus.csv"
    p.write_bytes(
        "\ufefftitle,text,outlet,published\r\n"
        'Dam fails,"The dam failed at night, officials said.\r\n\r\nRescuers searched the river banks.",Courier,05/03/2021\r\n'
        'Toll rises,The toll rose to 120 on Sunday according to the interior ministry.,Herald,2021-03-07\r\n'
        .encode("utf-8"))
    a, b = read(p)
    assert (a.title, a.outlet, a.published, a.file, a.path) == (
        "Dam fails", "Courier", None, "corpus.csv#2", f"{p}:2")      # 05/03/2021 is ambiguous
    assert a.text == "The dam failed at night, officials said.\n\nRescuers searched the river banks."
    assert (b.title, b.published, b.file) == ("Toll rises", "2021-03-07", "corpus.csv#5")


def test_csv_missing_text_column_and_empty_rows(tmp_path):
    p = tmp_path / "nocol.csv"
    p.write_text("title,body\nA,Some body text that is long enough to be a sentence.\n", encoding="utf-8")
    err = one_error(p)
    assert (err.line, err.reason) == (1, "missing text field 'text' (columns: title, body)")
    q = tmp_path / "rows.csv"
    q.write_text("title,text\nA,\n,,\nB,The second row has a sentence of text in it for sure.\n",
                 encoding="utf-8")
    got = read(q)
    assert [(type(x).__name__, getattr(x, "line", None)) for x in got] == [
        ("IngestError", 2), ("Document", None)]
    assert got[0].reason == "empty text field 'text'"
    assert got[1].file == "rows.csv#4"


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("name, data, reason, line", [
    ("empty.txt", b"", "empty file", None),
    ("blank.txt", b"  \n\n\t\n", "empty file", None),
    ("nul.txt", b"Title\nsome\x00binary", "binary file (NUL bytes)", 2),
    ("noise.txt", b"Flood\n" + bytes(range(128, 256)) * 4, "not valid UTF-8 at byte 6, and no other encoding fits", 2),
    ("bom_latin1.txt", b"\xef\xbb\xbfline one\nCaf\xe9", "not valid UTF-8 at byte 15", 2),
    ("fake.txt", b"%PDF-1.7\n...", "binary file (PDF)", None),
    ("empty.jsonl", b"\n\n", "empty file", None),
    ("nul.csv", b"text\nab\x00c\n", "binary file (NUL bytes)", 2),
])
def test_bad_files(tmp_path, name, data, reason, line):
    p = tmp_path / name
    p.write_bytes(data)
    err = one_error(p)
    assert (err.path, err.reason, err.line) == (str(p), reason, line)


@pytest.mark.parametrize("encoding, text", [
    ("latin-1", "Le président a déclaré que les réfugiés étaient arrivés à la frontière. Selon le ministère, "
                "plus de 300 personnes ont été tuées; le Front a démenti. Les témoins ont parlé à la presse."),
    ("cp1251", "Министр сказал, что мост у города был разрушен третьего марта; фронт это отрицает."),
    ("utf-16-le", "Dam report\n\nThe dam failed at night, the water board said today, and the town flooded."),
])
def test_archive_encodings_are_detected_and_recorded(tmp_path, encoding, text):
    p = tmp_path / "old.txt"
    p.write_bytes(text.encode(encoding))
    d = one_doc(p)
    assert d.text == text and d.encoding and d.encoding != "utf-8"


def test_html_with_a_wrong_charset_is_still_read(tmp_path):
    body = "<p>Le président a déclaré que les réfugiés étaient arrivés à la frontière, selon le ministère.</p>"
    page = f'<html><head><meta charset="utf-8"><title>Réfugiés</title></head><body><article>{body * 3}</article></body></html>'
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("latin-1"))
    assert "Le président a déclaré" in one_doc(p).text


def test_only_regular_files_of_bounded_size_are_read(tmp_path):
    loop_a, loop_b = tmp_path / "a.txt", tmp_path / "b.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    dev = tmp_path / "zero.txt"
    dev.symlink_to("/dev/zero")
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE * 400, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    got = list(read_paths([tmp_path], max_bytes=len(ARTICLE.encode()) * 10))
    reasons = {Path(x.path).name: x.reason for x in got if isinstance(x, IngestError)}
    assert reasons["a.txt"] == reasons["b.txt"] == "symlink loop"
    assert reasons["pipe.txt"] == "not a regular file (a named pipe)"
    assert reasons["zero.txt"] == "not a regular file (a device)"
    assert reasons["big.txt"].startswith("too large (") and "see --max-size" in reasons["big.txt"]
    assert [d.file for d in got if isinstance(d, Document)] == ["good.txt"]


def test_a_csv_quote_never_closed_is_an_error_not_a_swallowed_row(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_text('title,text\nA,"The first row is fine, officials said."\n'
                 'B,"The second row opens a quote and never closes it.\nC,The third row.\n', encoding="utf-8")
    got = read(p)
    assert isinstance(got[0], Document) and got[0].text == "The first row is fine, officials said."
    assert (got[1].reason, got[1].line) == ("malformed CSV: a quote opened in this row is never closed", 3)
    assert len(got) == 2


def test_utf16_with_bom_is_read(tmp_path):
    p = tmp_path / "utf16.txt"
    p.write_bytes("Dam report\n\nThe dam failed at night, the water board said today.".encode("utf-16"))
    assert one_doc(p).text == "Dam report\n\nThe dam failed at night, the water board said today."


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    real = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    (tmp_path / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    got = read(tmp_path)
    assert [(type(x).__name__, getattr(x, "reason", None)) for x in got] == [
        ("IngestError", "unreadable: permission denied"), ("Document", None)]


def test_explicit_unsupported_and_missing(tmp_path):
    odt = tmp_path / "report.odt"
    odt.write_bytes(b"PK\x03\x04")
    assert one_error(odt).reason == ("unsupported file type .odt "
                                     "(supported: .txt .md .html .htm .jsonl .csv .pdf .docx)")
    assert one_error(tmp_path / "nope.txt").reason == "no such file or directory"


def test_batch_goes_on_after_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    got = read(tmp_path / "missing.txt", tmp_path / "empty.txt", good)
    assert [type(x).__name__ for x in got] == ["IngestError", "IngestError", "Document"]


# ---------------------------------------------------------------- folders

def test_folder_recursive_sorted_hidden_and_unknown_skipped(tmp_path):
    body = "The dam failed at night and the water reached the town before dawn, officials said.\n"
    for rel in ("b.txt", "a/z.md", "a/c.txt", "C.html.bak", ".hidden.txt", ".git/x.txt",
                "notes.odt", "README.md", "sub/LICENSE.txt", "d.txt"):
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(body, encoding="utf-8")
    got = read(tmp_path, tmp_path / "b.txt")           # b.txt reached twice: read once
    assert [d.path for d in got] == [str(tmp_path / r) for r in ("a/c.txt", "a/z.md", "b.txt", "d.txt")]


def test_folder_without_supported_files(tmp_path):
    (tmp_path / "x.rtf").write_bytes(b"{\\rtf1}")
    err = one_error(tmp_path)
    assert err.reason == "no supported files in folder (.txt .md .html .htm .jsonl .csv .pdf .docx)"


# ---------------------------------------------------------------- PDF and DOCX

def test_pdf_text_is_reflowed_into_paragraphs_without_running_heads(tmp_path):
    from conftest import pdf_bytes

    pages = [
        ["Valley Flood Inquiry - Interim Report",
         "The river rose two metres during the night of 4 May and the dam",
         "above Korvel failed shortly before dawn, the inquiry found in its",
         "first report.",
         "Engineers had warned of cracks in the spill-",
         "way three weeks earlier, but no repairs were",
         "made before the",
         "Page 1 of 3"],
        ["Valley Flood Inquiry - Interim Report",
         "storm arrived.",
         "Officials said 14 people died (a)",
         "Page 2 of 3"],
        ["Valley Flood Inquiry - Interim Report",
         "Relief groups counted 31 dead.",
         "Page 3 of 3"],
    ]
    f = tmp_path / "inquiry.pdf"
    f.write_bytes(pdf_bytes(pages, title="Interim report on the Korvel dam"))
    d = one_doc(f)
    assert d.title == "Interim report on the Korvel dam" and d.file == "inquiry.pdf"
    assert "Valley Flood Inquiry" not in d.text and "Page" not in d.text
    paragraphs = [p for p in d.text.split("\n") if p.strip()]
    assert paragraphs == [
        "The river rose two metres during the night of 4 May and the dam above Korvel failed shortly "
        "before dawn, the inquiry found in its first report.",
        "Engineers had warned of cracks in the spillway three weeks earlier, but no repairs were made "
        "before the storm arrived.",
        "Officials said 14 people died (a) Relief groups counted 31 dead.",
    ]


def test_pdf_errors_are_one_line(tmp_path):
    from conftest import pdf_bytes
    from pypdf import PdfReader, PdfWriter

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    assert one_error(broken).reason.startswith("PDF could not be read: ")
    blank = tmp_path / "scan.pdf"
    blank.write_bytes(pdf_bytes([[], []]))
    assert one_error(blank).reason == "PDF has no text layer (a scan? run OCR first)"
    locked = tmp_path / "locked.pdf"
    import io
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([["A secret line of text."]]))))
    w.encrypt("s3cret", algorithm="RC4-128")
    with locked.open("wb") as fh:
        w.write(fh)
    assert one_error(locked).reason == "PDF is encrypted"


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = "Casualties of the Korvel flood"
    d.add_heading("Korvel flood: what we know", level=1)
    d.add_paragraph("The dam above Korvel failed before dawn on 4 May, officials said.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "District", "Dead"
    table.cell(1, 0).text, table.cell(1, 1).text = "Lower Korvel", "14"
    d.add_paragraph("Relief groups counted 31 dead.")
    f = tmp_path / "memo.docx"
    d.save(str(f))
    got = one_doc(f)
    assert got.title == "Casualties of the Korvel flood"
    lines = [ln for ln in got.text.split("\n") if ln.strip()]
    assert lines == ["Korvel flood: what we know",
                     "The dam above Korvel failed before dawn on 4 May, officials said.",
                     "District | Dead", "Lower Korvel | 14", "Relief groups counted 31 dead."]
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    assert one_error(bad).reason.startswith("DOCX could not be read: ")


# ---------------------------------------------------------------- furniture: templates of many sites

def kept(text):
    return clean_text(text).text


def test_wordpress_template():
    page = """\
Home / News / Floods / Dam fails in the night
Dam fails in the night
Posted on March 5, 2021 by Jane Roe

The Kessel dam failed at night, and the water reached the town before dawn, officials said.

ADVERTISEMENT

Rescuers worked through the day. By Monday, they had found 40 people alive in the ruins.

Tags: dam, flood, Varnia
Share this:
Click to share on Twitter (Opens in new window)
Click to share on Facebook (Opens in new window)
Like this:
Like Loading...

Related

Inspectors warned of cracks in 2019
In "News"

Leave a Reply
Your email address will not be published. Required fields are marked *
"""
    c = clean_text(page)
    assert c.text == (
        "Dam fails in the night\n\n"
        "The Kessel dam failed at night, and the water reached the town before dawn, officials said.\n\n"
        "Rescuers worked through the day. By Monday, they had found 40 people alive in the ruins."
    )
    assert (c.title, c.author, c.published) == ("Dam fails in the night", "Jane Roe", "2021-03-05")


def test_wire_template_with_reading_time_and_credit():
    page = """\
World
Rebels and government trade blame over flood
By Jane Roe and Tom Vey, Reuters
3 min read

LONDON (Reuters) - Rebels and the government traded blame on Tuesday for the collapse of a dam that killed dozens.

"We warned them for years," a rebel commander said by telephone from the hills above the town.

Reporting by Jane Roe; Editing by Tom Vey
Our Standards: The Thomson Reuters Trust Principles.
"""
    c = clean_text(page)
    assert c.text == (
        "Rebels and government trade blame over flood\n\n"
        "LONDON (Reuters) - Rebels and the government traded blame on Tuesday for the collapse of a dam "
        "that killed dozens.\n\n"
        "\"We warned them for years,\" a rebel commander said by telephone from the hills above the town."
    )
    assert c.author == "Jane Roe and Tom Vey"
    assert c.title == "Rebels and government trade blame over flood"


def test_broadcaster_template_keeps_captions():
    page = """\
Flood: villagers describe night of terror

Image source, Getty Images
Image caption, Villagers in Lower Brenn waded through the water to reach the school on Sunday.

The flood wave was more than four metres high when it reached Lower Brenn, witnesses said.

Share
Related Topics
Floods
Varnia

More on this story
Dam warnings ignored, say engineers
Published 2 days ago
"""
    c = clean_text(page)
    assert c.text == (
        "Flood: villagers describe night of terror\n\n"
        "Image caption, Villagers in Lower Brenn waded through the water to reach the school on Sunday.\n\n"
        "The flood wave was more than four metres high when it reached Lower Brenn, witnesses said."
    )


def test_teaser_block_at_end_of_page_takes_everything_after_it():
    body = " ".join(["The valley was flooded after the dam failed and rescuers searched the villages."] * 6)
    page = f"""\
Title of the story

{body}

{body}

Latest news

Prices rise again in the capital

While the ministry says inflation has peaked, traders in the capital report that...

Minister resigns after protests.

Must read

Why the river keeps rising every spring
"""
    assert kept(page) == f"Title of the story\n\n{body}\n\n{body}"


def test_teaser_heading_mid_article_takes_only_its_links():
    para = ("The dam had been inspected in 2019, when engineers found seepage on the eastern flank, and "
            "again in 2021, when the ministry said the structure was sound and needed no repairs at all.")
    page = f"""\
Inspectors warned of cracks

{para}

Related posts
Dam inspectors warned of cracks
Rebels blame army for flood

{para.replace("2019", "2018")}

Read more: Rescuers search for the missing

The toll rose to 120 on Sunday, the ministry said.
"""
    assert kept(page) == (f"Inspectors warned of cracks\n\n{para}\n\n{para.replace('2019', '2018')}\n\n"
                          "The toll rose to 120 on Sunday, the ministry said.")


def test_glued_headings_and_breadcrumbs():
    page = """\
HomeWorldMiddle EastRebels seize the dam town
Rebels seize the dam town
dam-town-aerial_view_02.jpg

Rebels seized the dam town on Monday after a night of fighting, residents said.

You might also likeMORE FROM AUTHOR
"""
    c = clean_text(page)
    assert c.text == ("Rebels seize the dam town\n\n"
                      "Rebels seized the dam town on Monday after a night of fighting, residents said.")


def test_phrases_inside_sentences_are_kept():
    page = """\
Share prices fell.

By June 1982, Iran had reclaimed all lost territory and Iraq had proposed a ceasefire.

Related posts on the forum said the dam had been leaking for months before it failed.

Leave a comment, the minister told reporters, and we will read every one of them.
"""
    assert kept(page) == page.strip()


def test_dash_byline_and_separator():
    c = clean_text("The MEK's Role in the War\n\n-\n\n- By Jubin Katiraie\n\n"
                   "The war began on September 20, 1980, when Iraq invaded Iran.\n")
    assert c.text == "The MEK's Role in the War\n\nThe war began on September 20, 1980, when Iraq invaded Iran."
    assert (c.title, c.author) == ("The MEK's Role in the War", "Jubin Katiraie")


def test_published_and_updated_lines():
    c = clean_text("Updated: 6 March 2023 10:42 GMT\nPublished: 5 March 2023\n\n"
                   "The dam failed at night and the water reached the town before dawn.\n")
    assert c.published == "2023-03-05"
    assert c.text == "The dam failed at night and the water reached the town before dawn."
    c = clean_text("Dam fails\n\nThe dam failed at night and the water reached the town.\n\n"
                   "Last updated on March 7, 2023\n")
    assert (c.text, c.published) == ("Dam fails\n\nThe dam failed at night and the water reached the town.",
                                     "2023-03-07")


def test_long_first_line_is_no_title():
    c = clean_text("The dam failed at night and the water reached the town before dawn.\n")
    assert c.title is None


def test_removed_lines_are_reported():
    c = clean_text("Home » News » Dam\n\nDam\n\nThe dam failed at night, the water board said today.\n")
    assert c.removed == [(1, "breadcrumb", "Home » News » Dam")]


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text, iso", [
    ("Tuesday, October 8, 2024", "2024-10-08"),
    ("Oct. 8th 2024", "2024-10-08"),
    ("8 October 2024", "2024-10-08"),
    ("8th of October, 2024", "2024-10-08"),
    ("2021-03-05T09:30:00Z", "2021-03-05"),
    ("2021-03-05T09:30:00.123+01:00", "2021-03-05"),
    ("Tue, 08 Oct 2024 10:00:00 +0000", "2024-10-08"),
    ("October 8, 2024 at 2:30 p.m. EDT", "2024-10-08"),
    ("2024/10/08", "2024-10-08"),
    ("08.10.2024", "2024-10-08"),
    ("13/10/2024", "2024-10-13"),
    ("10/13/2024", "2024-10-13"),
    ("03/04/2024", None),
    ("March 2024", None),
    ("1986", None),
    ("2024-02-30", None),
    ("by the river", None),
    (None, None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


# ---------------------------------------------------------------- the seeds: gold quotes survive

def _gold_quotes(gold):
    for slot in gold.get("slots", []):
        for m in slot.get("mentions", []):
            yield m["file"], m["quote"]
    for key in ("timex", "weekday_mismatch"):
        for m in gold.get(key, []):
            yield m["file"], m["quote"]


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.json").exists(), reason="shared/ not present")
def test_gold_quotes_survive_cleaning():
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    docs = {d.file: d for d in read_paths([SHARED / "seeds"])}
    assert set(gold["documents"]) <= set(docs)
    quotes = list(_gold_quotes(gold))
    assert len(quotes) > 50
    missing = [(f, q) for f, q in quotes if not locate(docs[f].text, q)]
    assert missing == []


@pytest.mark.skipif(not (SHARED / "seeds").exists(), reason="shared/ not present")
def test_seed_furniture_and_metadata():
    docs = {d.file[:3]: d for d in read_paths([SHARED / "seeds"])}
    assert docs["000"].title == "Eternal Light; MEK operation against Iranian civilians"
    assert "Related posts" not in docs["000"].text and "Trial of 104 leaders" not in docs["000"].text
    assert docs["002"].title == "Half a Century with MKO – Part I"
    assert not docs["002"].text.startswith("Home")
    assert "Leave a Comment" not in docs["002"].text
    assert (docs["003"].title, docs["003"].author) == ("The MEK’s Role in the Iran-Iraq War", "Jubin Katiraie")
    assert "Latest news" not in docs["003"].text and "Must read" not in docs["003"].text
    assert docs["003"].text.endswith("where they continue their struggle for a Free Iran.")
    assert (docs["004"].title, docs["004"].published) == ("MEK’s Impact on the Iran-Iraq War", "2024-10-08")
    assert docs["004"].text.startswith("MEK’s Impact on the Iran-Iraq War\n\nIn recent historical analysis")


# ---------------------------------------------------------------- demo corpus

def test_demo_corpus():
    docs = read(DEMO)
    assert all(isinstance(d, Document) for d in docs), docs
    assert [d.file for d in docs] == ["01_kavelia-state-news.txt", "02_serran-voice.txt",
                                      "03_meridian-wire.txt", "04_valley-history-review.txt",
                                      "05_capital-herald.txt"]
    for d in docs:
        assert 250 <= len(d.text.split()) <= 450, d.file
        assert d.title and d.author and d.published
    by = {d.file[:2]: d for d in docs}
    assert "Friday, March 4, 2023" in by["03"].text and "Two days later" in by["03"].text
    assert "Valley Defence Front (VDF)" in by["02"].text
    assert "Related posts" not in by["02"].text
    shared = set(by["01"].text.split("\n\n")) & set(by["05"].text.split("\n\n"))
    assert len(shared) >= 4                            # 05 republishes 01's statement


# ---------------------------------------------------------------- properties

_CHROME = ["Home » News", "Share this", "Related posts", "Latest news", "Must read", "By Jane Roe",
           "Tuesday, October 8, 2024", "Leave a Comment", "Advertisement", "-", "", "", "Tags: a, b",
           "You might also likeRELATED", "iran iraq war (1)"]
_line = st.one_of(st.sampled_from(_CHROME), st.text(max_size=120),
                  st.text(alphabet="abc DEF.,!?\"'’…»|-:()0123456789\t", max_size=160))


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_cleaning_never_raises_and_keeps_lines_verbatim(lines, newline):
    raw = newline.join(lines)
    c = clean_text(raw)
    source = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in c.text.split("\n"):
        assert line == "" or any(s.startswith(line) and not s[len(line):].strip() for s in source)
    assert "\n\n\n" not in c.text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "The dam failed at night and the water reached the town before dawn, officials said.",
    "By Monday, rescuers had found 40 people alive in the ruins of the school building.",
    "About 120 people were killed, according to the interior ministry in the capital.",
    "Related posts on the forum said the dam had been leaking for months before it failed.",
]), min_size=1, max_size=8), st.lists(st.sampled_from(_CHROME), max_size=6))
def test_prose_sentences_always_survive(sentences, chrome):
    raw = "\n\n".join(chrome[:3] + sentences + chrome[3:])
    text = clean_text(raw).text
    for s in sentences:
        assert s in text


def test_sentences_that_start_like_chrome_are_kept():
    page = """\
Copyright law was changed in 1988.

Advertisement revenue fell sharply.

Share the burden, the minister urged.

More — much more — was at stake.

Comments from the ministry came late.

Watch the river, the mayor told residents.
"""
    assert kept(page) == page.strip()


def test_related_block_late_in_a_page_of_short_paragraphs_keeps_the_body():
    short = "Rescuers pulled two more survivors from the mud on Sunday, bringing the number found alive to 40."
    page = "Dam fails\n\n" + "\n\n".join([short] * 5) + (
        "\n\nRelated: Dam inspectors warned of cracks\n\n"
        "The interior ministry said the toll had risen to about 120 by Sunday evening, and warned it would rise.\n\n"
        "Officials said the search would continue through the week despite heavy rain in the valley.\n")
    assert kept(page) == page.replace("Related: Dam inspectors warned of cracks\n\n", "").strip()


def test_a_bare_date_below_the_header_is_content():
    page = """\
Timeline of the flood
Sunday, March 5, 2023

March 4, 2023
Dam fails at night

The dam failed at night and the water reached the town before dawn, officials said.
"""
    c = clean_text(page)
    assert c.published == "2023-03-05"
    assert c.text == ("Timeline of the flood\n\nMarch 4, 2023\nDam fails at night\n\n"
                      "The dam failed at night and the water reached the town before dawn, officials said.")


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "post.md"
    p.write_text('---\ntitle: "Dam fails"\nauthor: Jane Roe\ndate: 2023-03-05\nlayout: post\n---\n\n'
                 "The dam failed at night and the water reached the town before dawn.\n", encoding="utf-8")
    doc = one_doc(p)
    assert (doc.title, doc.author, doc.published) == ("Dam fails", "Jane Roe", "2023-03-05")
    assert doc.text == "The dam failed at night and the water reached the town before dawn."


def test_jsonl_text_may_hold_line_separators(tmp_path):
    p = tmp_path / "u2028.jsonl"
    text = "The dam failed at night.\u2028The water reached the town before dawn, officials said."
    p.write_text(json.dumps({"text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert one_doc(p).file == "u2028.jsonl#1"


def test_csv_line_numbers_after_blank_lines(tmp_path):
    p = tmp_path / "gaps.csv"
    p.write_text("\ntext,title\n\n\nThe dam failed at night and the water reached the town.,A\n"
                 ",B\n", encoding="utf-8")
    doc, err = read(p)
    assert (doc.file, doc.title) == ("gaps.csv#5", "A")
    assert (err.line, err.reason) == (6, "empty text field 'text'")


def test_a_single_path_may_be_given_bare(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    assert [d.file for d in read_paths(p)] == ["a.txt"]
