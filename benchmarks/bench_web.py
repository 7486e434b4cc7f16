"""Web app latency at 100,000 findings: p50/p95 of every page and API route, against 200 ms.

The store is synthetic (made-up texts, mentions, events, stories and findings inserted directly, no NLP):
about 17,500 documents make 100,000 findings; building it takes a few minutes. Run:
`python -m benchmarks bench_web` or `python benchmarks/bench_web.py [--findings N] [--runs N] [--no-http]`.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import socket
import statistics
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

TARGET_MS = 200.0
OUTLETS = ["Northern Ledger", "Coast Radio", "Capital Herald", "Continental Wire", "Evening Post", "Delta Times",
           "Harbour Voice", "Plains Gazette", "Border Bulletin", "Mountain Echo", "Free Press Agency", "Civic Daily"]
PARTIES = ["Ministry of Defence", "Free Coast Front", "Red Cross", "the governor", "local residents",
           "UN observers", "army spokesman", "Front commanders", None, None]
PLACES = ["Varn", "Ostrel", "Kessa", "Dunmore", "Teliv", "Amsar", "Barrow Hill", "Sefton", "Lisk", "Orun"]
ACTORS = ["Idris Maro", "Lena Ostrova", "Amir Sadeh", "Paul Keane", "Nadia Ferro", "Tomas Rell"]
FILLER = ("Witnesses described long queues at the checkpoints and shortages of fuel and bread. "
          "The statement could not be independently verified. Officials promised an inquiry into the events. "
          "Aid groups said access to the area remained restricted for several days. ")


FINDINGS_PER_DOCUMENT = 5.7     # what build_store makes (measured: 5,700 findings for 1,000 documents)
STORY_DOCUMENTS = 25            # documents per story


def build_store(path: str | Path, n_docs: int = 1000, n_events: int | None = None, seed: int = 7):
    """A store with `n_docs` synthetic documents and their mentions, entities, events (one per seven
    documents unless `n_events`), stories and findings."""
    from rashomon.models import CopyRelation, Document, Entity, Event, Finding, Framing, Mention, Sentence, Story
    from rashomon.store import Store

    n_events = n_events or max(12, n_docs // 7)
    rnd = random.Random(seed)
    store = Store(path)
    base = date(1985, 1, 1)
    events = []
    for i in range(n_events):
        d = base + timedelta(days=rnd.randrange(0, 365 * 6))
        place = rnd.choice(PLACES)
        events.append(Event(f"v{i + 1}", f"Attack on {place} #{i + 1}", d.isoformat(), [], "attack"))
    entities = [Entity(f"e{i + 1}", n, "GPE", [n]) for i, n in enumerate(PLACES)]
    entities += [Entity(f"e{len(PLACES) + i + 1}", n, "PERSON", [n, n.split()[-1]]) for i, n in enumerate(ACTORS)]
    ent_of = {e.canonical: e.id for e in entities}
    all_mentions: list[Mention] = []
    dates_of_event: dict[str, list[tuple[Mention, str | None]]] = {}
    figures_of_event: dict[str, list[tuple[Mention, str | None]]] = {}
    for k in range(n_docs):
        outlet = OUTLETS[k % len(OUTLETS)]
        parts: list[str] = []
        mentions: list[Mention] = []
        doc_id = f"d{k + 1}"
        counters = {"t": 0, "q": 0, "n": 0}

        def add(s: str, kind: str | None = None, letter: str = "n", **kw) -> None:
            start = sum(len(p) for p in parts)
            parts.append(s)
            if kind:
                counters[letter] += 1
                mentions.append(Mention(id=f"{doc_id}.{letter}{counters[letter]}", doc=doc_id, start=start,
                                        end=start + len(s), text=s, kind=kind,
                                        label=kw.pop("label", kind.upper()), sentence=len(parts), **kw))

        for _ in range(3):
            ev = rnd.choice(events)
            place = ev.label.split(" on ")[1].split(" #")[0]
            party = rnd.choice(PARTIES)
            d = date.fromisoformat(ev.date) + timedelta(days=rnd.choice([0, 0, 0, 1, -2, 7]))
            vague = rnd.random() < 0.15
            add("The attack on ")
            add(place, "place", label="GPE", value=place, entity=ent_of[place])
            add(" took place ")
            if vague:
                first, last = d.replace(day=1), (d.replace(day=28) + timedelta(days=4))
                last = last - timedelta(days=last.day)
                add(f"in {d.strftime('%B %Y')}", "date", "t", value=d.strftime("%Y-%m"), first=first.isoformat(),
                    last=last.isoformat(), qualifier="about", attributed_to=party, event=ev.id, timex_type="vague")
            else:
                add(f"on {d.strftime('%B')} {d.day}, {d.year}", "date", "t", value=d.isoformat(),
                    first=d.isoformat(), last=d.isoformat(), qualifier="exact", attributed_to=party, event=ev.id,
                    timex_type="absolute")
            dates_of_event.setdefault(ev.id, []).append((mentions[-1], party))
            add(f", {party or 'the paper'} said. " if party else ". ")
            n = rnd.choice([40, 45, 120, 300, 1300, 2500])
            add("At least " if rnd.random() < .3 else "")
            add(f"{n:,} people", "quantity", "q", value=n, qualifier="exact", counted="people", predicate="kill",
                attributed_to=party, event=ev.id)
            figures_of_event.setdefault(ev.id, []).append((mentions[-1], party))
            add(" were killed, according to ")
            actor = rnd.choice(ACTORS)
            add(actor, "actor", label="PERSON", value=actor, entity=ent_of[actor])
            add(". " + FILLER)
        text = "".join(parts)
        store.add_document(Document(text=text, file=f"{k:04d}.txt", title=f"Report {k + 1} from {outlet}",
                                    outlet=outlet, published=(base + timedelta(days=k)).isoformat(),
                                    content_hash=hashlib.sha256(text.encode()).hexdigest()))
        sentences = [Sentence(doc_id, 0, 0, len(text))]
        store.save_extraction(doc_id, b"", sentences, mentions)
        all_mentions += mentions
    for e in entities:
        e.mentions = [m.id for m in all_mentions if m.entity == e.id]
    for v in events:
        v.mentions = [m.id for m, _ in dates_of_event.get(v.id, [])]
        v.entities = [ent_of[v.label.split(" on ")[1].split(" #")[0]]]
    findings: list[Finding] = []

    def add_finding(kind: str, what: str, pair, sev, expl: str) -> None:
        (a, pa), (b, pb) = pair
        findings.append(Finding(f"f{len(findings) + 1}", kind, what, [a.id, b.id], expl, a.event,
                                sev, [pa, pb], independent=rnd.random() > .1))

    for v in events:
        ds = dates_of_event.get(v.id, [])
        for x, y in zip(ds, ds[1:]):
            same = x[0].first <= y[0].last and y[0].first <= x[0].last
            add_finding("agreement" if same else "conflict", "date", (x, y), None if same else "major",
                        f"{x[0].value} vs {y[0].value}")
        fs = figures_of_event.get(v.id, [])
        for x, y in zip(fs, fs[1:]):
            same = x[0].value == y[0].value
            add_finding("agreement" if same else "conflict", "people killed", (x, y), None if same else "minor",
                        f"{x[0].value} vs {y[0].value}")
    copies = [CopyRelation(f"d{i}", f"d{i + 12}", 0.9) for i in range(1, n_docs - 12, 97)]
    framing = Framing(groups=[[f"d{i + 1}" for i in range(n_docs) if i % 3 == g] for g in range(3)],
                      distinctive=[{"group": g, "word": w, "z": 2.0 + g} for g in range(3) for w in ("regime", "attack")])
    stories = [Story(f"s{i // STORY_DOCUMENTS + 1}", f"Attacks, part {i // STORY_DOCUMENTS + 1}",
                     [f"d{k + 1}" for k in range(i, min(n_docs, i + STORY_DOCUMENTS))], ["attack", "killed"])
               for i in range(0, n_docs, STORY_DOCUMENTS)]
    store.save_corpus_results(all_mentions, entities, events, findings, copies, framing, stories=stories)
    return store


def _percentiles(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, max(0, round(0.95 * len(s)) - 1))]
    return statistics.median(s), p95


def _measure(get, url: str, runs: int) -> tuple[float, float, int]:
    r = get(url)                      # warm-up (builds the cached export on first use)
    status = r.status_code
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = get(url)
        times.append((time.perf_counter() - t) * 1000)
        status = r.status_code
    p50, p95 = _percentiles(times)
    return p50, p95, status


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def routes(counts: dict) -> list[tuple[str, str]]:
    """Every page and API route of the app (the upload form and the jobs too), deep pages included."""
    mid = lambda n: max(1, n // 2)  # noqa: E731
    doc, finding, story = f"d{mid(counts['documents'])}", f"f{mid(counts['findings'])}", "s3"
    deep = max(1, counts["findings"] // 3 // 100)
    return [("overview", "/"), ("stories", "/stories"), ("a story", f"/stories/{story}"),
            ("conflicts", "/conflicts"), ("conflicts, page " + str(deep), f"/conflicts?page={deep}"),
            ("conflicts, filtered", "/conflicts?party=Free+Coast+Front&date_from=1986&date_to=1988-06"),
            ("conflicts of an entity", "/conflicts?entity=Varn"), ("conflicts of an outlet", "/conflicts?doc=Coast+Radio"),
            ("agreements", "/agreements"), ("inconsistencies", "/inconsistencies"),
            ("documents", "/documents"), ("documents, page 100", "/documents?page=100"), ("a document", f"/documents/{doc}"),
            ("entities", "/entities"), ("an entity", "/entities/e1"), ("events", "/events"),
            ("events, page 10", "/events?page=10"), ("a finding", f"/findings/{finding}"), ("framing", "/framing"),
            ("search page", "/search?q=checkpoints+fuel"), ("upload form", "/upload"),
            ("api findings", "/api/findings?type=conflict&limit=100"),
            ("api findings, filtered", "/api/findings?party=Red+Cross&date_from=1987&limit=100"),
            ("api findings, deep", f"/api/findings?offset={counts['findings'] // 2}&limit=100"),
            ("api documents", "/api/documents?limit=100"), ("api a document", f"/api/documents/{doc}"),
            ("api stories", "/api/stories?limit=100"), ("api entities", "/api/entities?limit=5"),
            ("api events", "/api/events?limit=100"), ("api search (FTS5)", "/api/search?q=%22attack+on+Varn%22"),
            ("api jobs", "/api/jobs")]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--no-http", action="store_true", help="skip the real-HTTP (uvicorn on loopback) run")
    ap.add_argument("--store", help="a store file to time: built there first (--findings) unless it exists, "
                                    "then kept (default: built in a temporary directory and dropped)")
    args = ap.parse_args(argv if argv is not None else [])
    from fastapi.testclient import TestClient

    from rashomon.store import Store
    from rashomon.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.store) if args.store else Path(tmp) / "bench.db"
        t = time.perf_counter()
        built = not db.exists()
        store = build_store(db, round(args.findings / FINDINGS_PER_DOCUMENT)) if built else Store(db)
        counts = store.counts()
        store.close()
        print(f"store: {counts['documents']:,} documents, {counts['mentions']:,} mentions, {counts['events']:,} events, "
              f"{counts['findings']:,} findings ({f'built in {time.perf_counter() - t:.0f} s' if built else db})",
              flush=True)
        urls = routes(counts)
        rows = []
        with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
            t = time.perf_counter()
            client.get("/conflicts")
            print(f"first request: {(time.perf_counter() - t) * 1000:.0f} ms", flush=True)
            for label, url in urls:
                rows.append(("TestClient", label, *_measure(client.get, url, args.runs)))
        if not args.no_http:
            import httpx
            import uvicorn

            port = _free_port()
            server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
            thread = threading.Thread(target=server.run, daemon=True)
            thread.start()
            deadline = time.time() + 15
            while not server.started and time.time() < deadline:
                time.sleep(0.05)
            try:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
                    for label, url in urls[:4]:
                        rows.append(("HTTP loopback", label, *_measure(http.get, url, args.runs)))
            finally:
                server.should_exit = True
                thread.join(timeout=10)
    print(f"\n{'client':<14} {'request':<28} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}  status")
    for client_name, label, p50, p95, status in rows:
        ok = "ok" if p95 <= TARGET_MS else "SLOW"
        print(f"{client_name:<14} {label:<28} {p50:8.1f} {p95:8.1f} {TARGET_MS:8.0f}  {ok} (HTTP {status})")
    slow = [label for _, label, _, p95, _ in rows if p95 > TARGET_MS]
    print(f"{len(rows) - len(slow)} of {len(rows)} routes at p95 ≤ {TARGET_MS:.0f} ms"
          + (f"; over: {', '.join(slow)}" if slow else ""))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
