"""Page and API latency of the web explorer over loopback, then a bounded load test.

    python benchmarks/web.py --db STORE [--requests N] [--clients C] [--seconds S] [--query WORDS]
    python benchmarks/web.py PATH... [--db NEW_STORE]      # ingest PATH... first (full annotation)

Starts uvicorn on a free loopback port in a thread, requests every main page and JSON twin
N times one after another and prints p50/p95/max in milliseconds per route; then C clients
request a mix of routes as fast as they can for S seconds and the error count is printed
(it must be 0). Run it on a store of the development data, e.g. a Timeline17 topic:

    python benchmarks/web.py ../shared/data/t17/bpoil_bbc/InputDocs --db /tmp/bpoil.db
"""

from __future__ import annotations

import argparse
import socket
import sqlite3
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import quote

try:  # Starlette >= 1.0 prefers httpx2; either client works here.
    import httpx2 as httpx
except ModuleNotFoundError:
    import httpx  # type: ignore[no-redef]
import uvicorn

from dateline.api import ingest
from dateline.web import create_app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def routes(db: Path, query: str | None) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        article = connection.execute("SELECT id FROM articles WHERE duplicate_of IS NULL LIMIT 1").fetchone()[0]
        actor, name = connection.execute(
            "SELECT actor, a.name FROM entities e JOIN actors a ON a.id = e.actor "
            "GROUP BY actor ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    words = quote(query or name)
    pages = [
        "/",
        f"/search?q={words}",
        f"/timeline?q={words}",
        "/events",
        "/entities",
        f"/entities/{quote(actor, safe=':')}",
        f"/articles/{article}",
        "/map",
        "/stats",
    ]
    out = []
    for page in pages:
        path, _, rest = page.partition("?")
        twin = ("/index.json" if path == "/" else f"{path}.json") + (f"?{rest}" if rest else "")
        out += [page, twin]
    return [*out, "/events.csv"]


def latency(base: str, urls: list[str], repeat: int) -> None:
    print(f"{'route':58s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s} {'kB':>7s}")
    with httpx.Client(base_url=base, timeout=120) as client:
        for url in urls:
            times, size = [], 0
            for _ in range(repeat):
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:200]}")
                size = len(response.content)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"{url[:58]:58s} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f} {size / 1000:7.1f}")


def load(base: str, urls: list[str], clients: int, seconds: float) -> None:
    # The timeline is rebuilt per request (seconds on a big store): the load mix leaves it out.
    mix = [u for u in urls if "/timeline" not in u]
    done, errors, lock = [0], [0], threading.Lock()
    stop = time.monotonic() + seconds
    samples: list[float] = []

    def worker(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            i = offset
            while time.monotonic() < stop:
                began = time.perf_counter()
                try:
                    ok = client.get(mix[i % len(mix)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    done[0] += 1
                    errors[0] += not ok
                    samples.append(elapsed)
                i += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    samples.sort()
    p95 = samples[round(0.95 * (len(samples) - 1))] if samples else 0.0
    print(
        f"load: {clients} clients x {seconds:.0f} s over {len(mix)} routes: {done[0]} requests "
        f"({done[0] / seconds:.0f}/s), errors {errors[0]}, p50 {statistics.median(samples or [0]):.0f} ms, "
        f"p95 {p95:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="ingest these first (into --db, which must not exist)")
    parser.add_argument("--db", type=Path, default=Path("web-bench.db"))
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--query", help="words for search and timeline (default: the most mentioned actor)")
    args = parser.parse_args()
    if args.paths:
        began = time.perf_counter()
        report = ingest(args.paths, db=args.db)
        print(f"ingest: {report.summary()} ({time.perf_counter() - began:.0f} s)")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), port=port, log_level="warning", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    urls = routes(args.db, args.query)
    latency(base, urls, args.requests)
    if args.clients and args.seconds:
        load(base, urls, args.clients, args.seconds)
    server.should_exit = True
    thread.join()


if __name__ == "__main__":
    main()
