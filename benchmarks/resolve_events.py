"""How long does cross-article event resolution take on a store-sized set of coded events?

    python benchmarks/resolve_events.py [N ...]

Builds N synthetic coded events (default 5,000, 10,000 and 20,000; T17's store holds about 19k)
shaped like a news store's: a few busy actors and many rare ones (Zipf-like), the PLOVER types,
two years of dates given as explicit days, months or only the publication day, some events with no
actor, sentences drawn from a shared vocabulary so that words overlap by chance. Prints the seconds
``resolve_events`` takes and how many groups it made. Deterministic (fixed seed).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from dateline.model import Event
from dateline.resolve.events import resolve_events

TYPES = ["CONSULT", "AGREE", "REQUEST", "ACCUSE", "ASSAULT", "COERCE", "THREATEN", "SUPPORT", "REJECT", "RETREAT"]
START = date(2019, 1, 1)


def synthetic(n: int, seed: int = 7) -> tuple[list[Event], dict[tuple[str, int], str]]:
    rng = random.Random(seed)
    actors = [f"org:actor-{i}" for i in range(400)] + [f"place:town-{i}" for i in range(40)]
    weights = [1 / (i + 1) for i in range(len(actors))]
    vocabulary = [f"word{i}" for i in range(3000)]
    events: list[Event] = []
    sentences: dict[tuple[str, int], str] = {}
    for i in range(n):
        article, sentence = f"a{i // 12}", i % 12
        day = START + timedelta(days=rng.randrange(730))
        kind = rng.random()
        if kind < 0.45:
            value, precision, origin = day.isoformat(), "day", "explicit"
        elif kind < 0.6:
            value, precision, origin = day.isoformat()[:7], "month", "explicit"
        else:
            value, precision, origin = day.isoformat(), "day", "published"
        source, target = rng.choices(actors, weights, k=2)
        if rng.random() < 0.15:
            source = None  # type: ignore[assignment]
        if rng.random() < 0.4:
            target = None  # type: ignore[assignment]
        words = rng.choices(vocabulary[:300], k=5) + rng.sample(vocabulary, 12)
        sentences[(article, sentence)] = " ".join(words)
        events.append(
            Event(
                id=f"e{i}",
                article_id=article,
                sentence=sentence,
                type=rng.choice(TYPES),
                trigger=rng.choice(words),
                trigger_start=0,
                trigger_end=5,
                source=source,
                target=target,
                source_text="the forces" if source is None else None,
                date=value,
                date_precision=precision,
                date_from=origin,
                place=rng.choice([None, None, "Tripoli", "Geneva"]),
                future=rng.random() < 0.05,
                confidence=0.8,
            )
        )
    return events, sentences


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [5_000, 10_000, 20_000]
    for n in sizes:
        events, sentences = synthetic(n)
        began = time.perf_counter()
        groups = resolve_events(events, sentences)
        seconds = time.perf_counter() - began
        print(f"{n:>7} events: {seconds:6.2f} s, {len(groups)} groups")


if __name__ == "__main__":
    main()
