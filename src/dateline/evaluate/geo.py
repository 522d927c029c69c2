"""Geocoding scores on LGL-style XML (gold toponym spans linked to GeoNames).

Geocoding is scored as the geoparsing papers do (Gritta et al., "A Pragmatic Guide to
Geoparsing Evaluation", 2020): the gold toponym spans are given, each is resolved in its
article's context, and only toponyms the gold links to GeoNames count:

- ``accuracy_161km``: share of toponyms placed within 161 km (100 miles) of the gold point;
  a toponym left unresolved counts as wrong;
- ``country_accuracy``: share placed in the gold country (ISO alpha-3, by GeoNames id);
- ``coverage``: share given any place; ``mean_error_km`` and ``median_error_km`` over those;
- ``auc``: area under the curve of log errors (0 is perfect, 1 every toponym at the far
  side of the Earth; unresolved toponyms count as the largest error), as in Gritta et al.

``score_geocoding`` takes any geocoder over gold spans; ``dateline.pipeline.places.geocode``
and the ``most_populous`` baseline are run side by side. ``score_end_to_end`` runs the
pipeline (sentences, parse, entities, places) on the raw texts instead and matches its
places to the gold spans by overlap, giving recognition precision and recall as well.

Measured on LGL (588 articles, 4,462 linked toponyms), gold spans::

    python -m dateline.evaluate.geo ../shared/data/geo/lgl.xml

(the figures are in the final report of the geocoding work and in tests/evaluate/test_geo.py
as floors). ``--half even`` / ``--half odd`` score every other article: the weights of the
geocoder were tuned on the even half only.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.model import AnnotatedArticle, Article, Place, article_id
from dateline.resources.gazetteer import Gazetteer, distance_km, load_gazetteer

__all__ = [
    "ACCURATE_KM",
    "GeoDataError",
    "GeoDoc",
    "GoldToponym",
    "read_lgl",
    "score_end_to_end",
    "score_geocoding",
    "score_places",
]

ACCURATE_KM = 161.0  # 100 miles, the usual threshold
_EARTH_HALF_KM = 20_039.0  # the largest distance on Earth


class GeoDataError(ValueError):
    """A gold file that cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    geonameid: int | None = None
    name: str | None = None
    fcode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_id: int | None = None  # GeoNames id of the gold country

    @property
    def linked(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True, slots=True)
class GeoDoc:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    title: str | None = None
    source: str | None = None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def read_lgl(path: str | Path) -> list[GeoDoc]:
    """The articles of an LGL-style XML file with their gold toponyms."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - development data we chose, not user input
    except (OSError, ET.ParseError) as error:
        raise GeoDataError(f"E460 cannot read {path}: {error}") from None
    docs = []
    for number, node in enumerate(root.iter("article")):
        text = node.findtext("text")
        if text is None:
            raise GeoDataError(f"E461 {path}: article {number} (docid {node.get('docid')}) has no <text>")
        toponyms = []
        for top in node.iter("toponym"):
            start, end = _int(top.findtext("start")), _int(top.findtext("end"))
            if start is None or end is None or not 0 <= start < end <= len(text):
                raise GeoDataError(f"E462 {path}: article {node.get('docid')}: toponym offsets {start}-{end} are wrong")
            gaz = top.find("gaztag")
            if gaz is None:
                toponyms.append(GoldToponym(start, end, text[start:end]))
                continue
            country = gaz.find("country")
            toponyms.append(
                GoldToponym(
                    start, end, text[start:end], _int(gaz.get("geonameid")), gaz.findtext("name"),
                    gaz.findtext("fcode"), _float(gaz.findtext("lat")), _float(gaz.findtext("lon")),
                    _int(country.get("geonameid")) if country is not None else None,
                )
            )  # fmt: skip
        docs.append(
            GeoDoc(node.get("docid") or str(number), text, tuple(toponyms), node.findtext("title"),
                   node.findtext("domain"))
        )  # fmt: skip
    return docs


# --- scoring -------------------------------------------------------------------------------


def _country_codes(gazetteer: Gazetteer) -> dict[int, str]:
    return {c.geonameid: iso3 for iso3, c in gazetteer.countries.items() if c.geonameid is not None}


def score_places(
    pairs: Iterable[tuple[GoldToponym, Place | None]], countries: dict[int, str] | None = None
) -> dict[str, Any]:
    """Figures over (gold, predicted) pairs; gold toponyms without a link are skipped."""
    countries = _country_codes(load_gazetteer()) if countries is None else countries
    total = accurate = resolved = right_country = 0
    errors: list[float] = []
    log_errors: list[float] = []
    by_class: Counter[str] = Counter()
    by_class_ok: Counter[str] = Counter()
    for gold, place in pairs:
        if not gold.linked or gold.latitude is None or gold.longitude is None:
            continue
        total += 1
        kind = (gold.fcode or "?")[:3] if (gold.fcode or "").startswith(("PPL", "ADM", "PCL")) else "other"
        by_class[kind] += 1
        if place is None or place.latitude is None or place.longitude is None:
            log_errors.append(1.0)
            continue
        resolved += 1
        error = distance_km(gold.latitude, gold.longitude, place.latitude, place.longitude)
        errors.append(error)
        log_errors.append(math.log(error + 1) / math.log(_EARTH_HALF_KM + 1))
        if error <= ACCURATE_KM:
            accurate += 1
            by_class_ok[kind] += 1
        if gold.country_id is not None and countries.get(gold.country_id) == place.country:
            right_country += 1
    share = (lambda n: round(n / total, 4)) if total else (lambda n: 0.0)
    return {
        "toponyms": total,
        "accuracy_161km": share(accurate),
        "country_accuracy": share(right_country),
        "coverage": share(resolved),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "auc": round(statistics.fmean(log_errors), 4) if log_errors else None,
        "accuracy_by_class": {k: round(by_class_ok[k] / n, 4) for k, n in sorted(by_class.items())},
        "toponyms_by_class": dict(sorted(by_class.items())),
    }


Geocoder = Callable[[GeoDoc], Sequence[Place | None]]


def score_geocoding(docs: Sequence[GeoDoc], geocoder: Geocoder) -> dict[str, Any]:
    """Figures of a geocoder given the gold spans of every article (``geocoder(doc)`` returns a place per span)."""
    pairs: list[tuple[GoldToponym, Place | None]] = []
    began = time.perf_counter()
    for doc in docs:
        places = geocoder(doc)
        if len(places) != len(doc.toponyms):
            raise GeoDataError(f"E463 the geocoder gave {len(places)} places for {len(doc.toponyms)} toponyms")
        pairs.extend(zip(doc.toponyms, places, strict=True))
    seconds = time.perf_counter() - began
    figures = score_places(pairs)
    figures["toponyms_per_second"] = round(len(pairs) / seconds, 1) if seconds else None
    return figures


def _article(doc: GeoDoc) -> Article:
    # LGL's articles are from March 2009; the date plays no part in geocoding.
    return Article(article_id(doc.text), doc.text, date(2009, 3, 1), "option", source=doc.source, title=doc.title)


def context_geocoder(doc: GeoDoc) -> list[Place | None]:
    """The places stage's own path (``places_of``: the same context and geocoder) over the gold spans."""
    from dateline.pipeline.places import Toponym, places_of

    toponyms = [Toponym(t.text, t.start, t.end) for t in doc.toponyms]
    return places_of(AnnotatedArticle(_article(doc)), toponyms, load_gazetteer(), "dateline.places.v1")


def populous_geocoder(doc: GeoDoc) -> list[Place | None]:
    """The most populous match of each gold span, without context."""
    from dateline.pipeline.places import Toponym, most_populous

    return most_populous([Toponym(t.text, t.start, t.end) for t in doc.toponyms])


# The stages the end-to-end score runs: the actors stage feeds the places stage's context.
END_TO_END_STAGES = ("dateline.sentences.v1", "dateline.parse.v1", "dateline.entities.v1", "dateline.actors.v1",
                     "dateline.places.v1")  # fmt: skip


def score_end_to_end(docs: Sequence[GeoDoc], peoples: bool = False) -> dict[str, Any]:
    """Recognition and geocoding together: the pipeline's places matched to gold spans by overlap.

    Top-level figures count every linked gold toponym (one not found is wrong); ``matched``
    counts only those the pipeline found; ``recognition`` is precision, recall and F1 of
    the places against all gold spans (linked or not), by overlap.
    """
    from dateline.pipeline.base import make_pipeline, run_pipeline
    from dateline.pipeline.places import PlaceStage

    stages = make_pipeline(END_TO_END_STAGES)
    if peoples:
        # Nationality words as places too ("Georgian"), as LGL marks them (``toponyms_of``).
        stages = (*stages[:-1], PlaceStage(peoples=True))
    pairs: list[tuple[GoldToponym, Place | None]] = []
    predicted = true_positive = found = gold_total = 0
    began = time.perf_counter()
    for doc in docs:
        places = run_pipeline(stages, AnnotatedArticle(_article(doc))).places
        predicted += len(places)
        true_positive += sum(1 for p in places if any(_overlap(p, g) for g in doc.toponyms))
        gold_total += len(doc.toponyms)
        for gold in doc.toponyms:
            match = next((p for p in places if _overlap(p, gold)), None)
            found += match is not None
            pairs.append((gold, match))
    seconds = time.perf_counter() - began
    figures = score_places(pairs)
    # Resolution of the toponyms recognised: the figures over the gold spans a place overlaps.
    figures["matched"] = score_places((gold, place) for gold, place in pairs if place is not None)
    precision = true_positive / predicted if predicted else 0.0
    recall = found / gold_total if gold_total else 0.0
    figures["recognition"] = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "gold": gold_total,
        "predicted": predicted,
    }
    figures["articles_per_second"] = round(len(docs) / seconds, 2) if seconds else None
    return figures


def _overlap(place: Place, gold: GoldToponym) -> bool:
    return place.start < gold.end and gold.start < place.end


def _summary(name: str, figures: dict[str, Any]) -> list[str]:
    def pct(value: Any) -> str:
        return f"{100 * value:.1f}%" if isinstance(value, float) else "-"

    lines = [
        f"{name}: {figures['toponyms']} linked toponyms, acc@161km {pct(figures['accuracy_161km'])}, "
        f"country {pct(figures['country_accuracy'])}, coverage {pct(figures['coverage'])}, "
        f"mean error {figures['mean_error_km']} km, median {figures['median_error_km']} km, AUC {figures['auc']}"
    ]
    if "matched" in figures:
        matched = figures["matched"]
        lines.append(f"  on the {matched['toponyms']} toponyms found: acc@161km {pct(matched['accuracy_161km'])}, "
                     f"country {pct(matched['country_accuracy'])}, AUC {matched['auc']}")  # fmt: skip
    if "recognition" in figures:
        rec = figures["recognition"]
        lines.append(f"  recognition: P {pct(rec['precision'])} R {pct(rec['recall'])} F1 {pct(rec['f1'])} "
                     f"({rec['predicted']} found, {rec['gold']} gold)")  # fmt: skip
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Geocoding accuracy on LGL-style XML.")
    parser.add_argument("path", help="lgl.xml")
    parser.add_argument("--json", action="store_true", help="print every figure as JSON")
    parser.add_argument("--half", choices=["even", "odd"], help="score every other article only")
    parser.add_argument("--limit", type=int, help="score the first N articles only")
    parser.add_argument("--gold-only", action="store_true", help="skip the end-to-end run (spaCy recognition)")
    parser.add_argument("--peoples", action="store_true", help="end to end, take nationality words as places too")
    args = parser.parse_args(argv)
    try:
        docs = read_lgl(args.path)
    except GeoDataError as error:
        sys.exit(str(error))
    if args.half:
        docs = docs[0 if args.half == "even" else 1 :: 2]
    if args.limit:
        docs = docs[: args.limit]
    began = time.perf_counter()
    load_gazetteer()
    report: dict[str, Any] = {"articles": len(docs), "gazetteer_seconds": round(time.perf_counter() - began, 2)}
    report["gold_spans"] = score_geocoding(docs, context_geocoder)
    report["most_populous"] = score_geocoding(docs, populous_geocoder)
    if not args.gold_only:
        report["end_to_end"] = score_end_to_end(docs, peoples=args.peoples)
    if args.json:
        print(json.dumps(report, indent=2))  # noqa: T201 - the command's output
        return
    lines = [f"{report['articles']} articles (gazetteer loaded in {report['gazetteer_seconds']} s)"]
    lines += _summary("gold spans, in context", report["gold_spans"])
    lines += _summary("gold spans, most populous", report["most_populous"])
    if "end_to_end" in report:
        lines += _summary("end to end (our NER + geocoder)", report["end_to_end"])
    print("\n".join(lines))  # noqa: T201 - the command's output


if __name__ == "__main__":
    main()
