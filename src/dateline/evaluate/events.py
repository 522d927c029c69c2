"""Event coding scores: PLOVER gold records and ConfliBERT's CAMEO sentence classes.

    python -m dateline.evaluate.events /work/shared/data/events [--sample N] [--no-classifier]

prints a JSON object with

- ``plover``: on ``plover/PLOVER_GSR_CAMEO.dev.json`` (PLOVER 0.5 labels mapped to PLOVER 2.0:
  DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT): event-type accuracy
  and macro F1 of the sentence's main event against each record, and source / target actor F1 on
  PLOVER actor codes (country, or country + sector), micro-averaged over records;
- ``cameo``: on ``conflibert/cameo_class/train.tsv``: macro F1 of the sentence's CAMEO quad class
  (our main event through the PLOVER -> CAMEO crosswalk; no event = 0, neutral) on the held-out
  quarter (sentences whose hash puts them there: never used to write rules or to train), and the
  5-fold cross-validated macro F1 of the classifier on the other three quarters;
- ``roles``: source and target phrase F1 (token overlap) against ``conflibert/cameo_ner/train.txt``.

Until the entities and actors stages exist, entities come from spaCy's named entities and actors
from our PLOVER actor table (``entities_and_actors``).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from dateline.model import Actor, AnnotatedArticle, Article, Entity, Event, article_id
from dateline.pipeline.base import make_pipeline
from dateline.pipeline.events import (
    EventStage,
    code_sentence,
    main_event,
    sentence_features,
    sentence_span,
)
from dateline.resources.plover import PLOVER_TYPES, load_actor_table, noun_lemma

__all__ = [
    "PLOVER_05_TO_20",
    "actor_codes",
    "annotate",
    "cameo_features_matrix",
    "entities_and_actors",
    "event_actor_codes",
    "is_holdout",
    "load_cameo_classes",
    "load_cameo_roles",
    "load_plover",
    "macro_f1",
    "score_cameo",
    "score_plover",
    "score_roles",
]

PLOVER_05_TO_20 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
_GOLD_COUNTRY_FIXES = {"JAP": "JPN"}  # the gold records use the CAMEO code for Japan
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_STAGE = "evaluate.events"
# The first stages of the pipeline; entities and actors are added by ``entities_and_actors``.
_PIPELINE = ("dateline.sentences.v1", "dateline.timex.v1", "dateline.parse.v1")


# --- loaders ------------------------------------------------------------------------------------

# The development files under DATA_DIR (../shared/data/events) each score reads.
_DATA_FILES = {
    "plover": Path("plover", "PLOVER_GSR_CAMEO.dev.json"),
    "cameo": Path("conflibert", "cameo_class", "train.tsv"),
    "roles": Path("conflibert", "cameo_ner", "train.txt"),
}


def load_plover(path: Path) -> list[dict[str, Any]]:
    """The event records of a PLOVER gold file (the DOCUMENT header is skipped), types in PLOVER 2.0."""
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for raw in records:
        if raw.get("event") == "DOCUMENT":
            continue
        record = dict(raw)
        record["type"] = PLOVER_05_TO_20.get(record["event"], record["event"])
        out.append(record)
    return out


def load_cameo_classes(data_dir: Path) -> list[tuple[str, int]]:
    """(sentence, class) pairs of ConfliBERT's CAMEO class training split, duplicates dropped."""
    path = data_dir / _DATA_FILES["cameo"]
    seen: set[str] = set()
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, sep, label = line.rstrip("\r").rpartition("\t")
        if not sep or not label.strip().isdigit() or text in seen:
            continue
        seen.add(text)
        items.append((text.strip(), int(label)))
    return items


def load_cameo_roles(data_dir: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, BIO tags) of ConfliBERT's CAMEO source/target role file."""
    path = data_dir / _DATA_FILES["roles"]
    sentences: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        word, _, tag = line.rpartition(" ")
        tokens.append(word)
        tags.append(tag)
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def is_holdout(text: str) -> bool:
    """Whether a sentence is in the held-out quarter (by a hash of its text: stable, and blind to content)."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 4 == 0


# --- entities and actors until their stages exist --------------------------------------------------


def entities_and_actors(doc: AnnotatedArticle) -> AnnotatedArticle:
    """``doc`` with entities from spaCy's named entities and actors coded from our PLOVER actor table."""
    table = load_actor_table()
    entities: list[Entity] = []
    actors: dict[str, Actor] = {}
    starts = [s.start for s in doc.sentences]
    for ent in doc.parse.ents:
        if ent.label_ not in _ENTITY_LABELS:
            continue
        text = ent.text
        words = [t.lower_ for t in ent if t.lower_ not in ("the", "'s")]
        code = table.country(words)
        kind = {"PERSON": "PERSON", "GPE": "COUNTRY", "NORP": "GROUP", "ORG": "ORG"}.get(ent.label_, "PLACE")
        name = " ".join(t.text for t in ent if t.lower_ not in ("the", "'s")) or text
        if (code is not None and ent.label_ in ("GPE", "NORP")) or (code in ("IGO", "NGO") and ent.label_ == "ORG"):
            actor_id = code if code not in ("IGO", "NGO") else f"{code.lower()}:{name.lower()}"
        else:
            actor_id = f"{kind.lower()}:{name.lower()}"
        sector = None
        for token in reversed(list(ent)):
            sector = table.sectors.get(noun_lemma(token.text))
            if sector:
                break
        actors.setdefault(
            actor_id, Actor(actor_id, name, kind, code if code and len(code) == 3 else None, sector or None)
        )
        index = max(0, _bisect(starts, ent.start_char) - 1)
        entities.append(Entity(doc.article.id, ent.start_char, ent.end_char, text, ent.label_, actor_id, index, _STAGE))
    return dataclasses.replace(doc, entities=tuple(entities), actors=tuple(actors.values()))


def _bisect(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset)


def annotate(
    texts: Sequence[str], published: date | None = None, stage: EventStage | None = None, actors: str = "own"
) -> list[AnnotatedArticle]:
    """Each text as an article run through sentences, timex, parse, entities/actors and events.

    ``actors="own"`` takes entities and actors from ``entities_and_actors``; ``"pipeline"`` runs the
    registered ``dateline.entities.v1`` and ``dateline.actors.v1`` stages instead.
    """
    names = list(_PIPELINE) + (["dateline.entities.v1", "dateline.actors.v1"] if actors == "pipeline" else [])
    stages = make_pipeline(names)
    events = stage if stage is not None else EventStage()
    out = []
    for text in texts:
        article = Article(article_id(text), text, published, "option" if published else "unknown")
        doc = AnnotatedArticle(article)
        for step in stages:  # not run_pipeline: it drops the parse the events stage needs
            doc = step(doc)
        if actors == "own":
            doc = entities_and_actors(doc)
        out.append(events(doc))
    return out


def event_actor_codes(event: Event | None, doc: AnnotatedArticle, side: str) -> set[tuple[str, str | None]]:
    """PLOVER codes of an event's source or target: from its phrase, else from its canonical actor."""
    if event is None:
        return set()
    codes = actor_codes(getattr(event, f"{side}_text"))
    if codes:
        return codes
    actor_id = getattr(event, side)
    actor = next((a for a in doc.actors if a.id == actor_id), None) if actor_id else None
    if actor is None:
        return set()
    sector = actor.sector if actor.sector not in ("IGO", "NGO") else None
    if actor.country:
        return {(actor.country, sector)}
    if actor.sector in ("IGO", "NGO"):
        return {(actor.sector, None)}
    return set()


# --- actor codes ---------------------------------------------------------------------------------

_SPLIT = (" and ", ", ", " & ")
_STRIP = ".,;:()'\"`"


def _lookup(table: Any, words: list[str]) -> tuple[str | None, set[int]]:
    """The longest known name in ``words``: its code and the positions it covers."""
    for size in range(min(table.longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = words[start : start + size]
            for key in (" ".join(phrase), " ".join(w.rstrip(".") for w in phrase)):
                code = table.names.get(key)
                if code:
                    return code, set(range(start, start + size))
    return None, set()


def actor_codes(text: str | None) -> set[tuple[str, str | None]]:
    """PLOVER (country, sector) codes of an actor phrase ("Jordan and Britain" gives two)."""
    if not text:
        return set()
    table = load_actor_table()
    parts = [text]
    for sep in _SPLIT:
        parts = [piece for part in parts for piece in part.split(sep)]
    codes: set[tuple[str, str | None]] = set()
    for raw in parts:
        part = re.sub(r"\([^)]*\)?", " ", raw)  # "(APEC)", "(Party of God)": asides, not the actor
        words = [re.sub(r"'s$", "", w.strip(",;:()'\"`").lower()) for w in part.split()]
        words = [w.rstrip(".") if w.count(".") == 1 else w for w in words if w]
        if not words:
            continue
        country, covered = _lookup(table, words)
        # "ethnic Albanians in southern Serbia": an ethnic group is coded by where it lives.
        if country is not None and min(covered) > 0 and words[min(covered) - 1] == "ethnic":
            rest = [w if i not in covered else "" for i, w in enumerate(words)]
            other, other_covered = _lookup(table, rest)
            if other is not None:
                country, covered = other, other_covered
        sector = None
        for i in range(len(words) - 1, -1, -1):
            if i in covered:
                continue
            if i > 0 and i - 1 not in covered:
                sector = table.sectors.get(f"{words[i - 1]} {words[i]}") or table.sectors.get(
                    f"{words[i - 1]}-{words[i]}"
                )
            sector = sector or table.sectors.get(noun_lemma(words[i])) or table.sectors.get(words[i])
            if sector:
                break
        if country is not None:
            codes.add((country, sector))
    return codes


def _gold_codes(actors: Any) -> set[tuple[str, str | None]]:
    codes: set[tuple[str, str | None]] = set()
    if not isinstance(actors, list):
        return codes
    for actor in actors:
        country = _GOLD_COUNTRY_FIXES.get(actor.get("code", ""), actor.get("code", ""))
        sector = (actor.get("sector") or "")[:3].upper() or None
        if sector in ("***", "CIV"):
            sector = {"CIV": "CVL"}.get(sector)
        codes.add((country, sector))
    return codes


def _code_matches(pred: tuple[str, str | None], gold: tuple[str, str | None], with_sector: bool) -> bool:
    if pred[0] != gold[0]:
        return False
    return not with_sector or gold[1] is None or pred[1] == gold[1]


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def macro_f1(gold: Sequence[Any], pred: Sequence[Any], labels: Iterable[Any]) -> float:
    """Macro-averaged F1 over ``labels`` (a label absent from both gold and predictions is skipped)."""
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return round(sum(scores) / len(scores), 4) if scores else 0.0


# --- PLOVER records --------------------------------------------------------------------------------


def _main(doc: AnnotatedArticle) -> Event | None:
    return doc.events[0] if doc.events else None


def score_plover(
    path: Path, stage: EventStage | None = None, sample: int | None = None, actors: str = "own"
) -> dict[str, Any]:
    """Type accuracy / macro F1 and actor F1 of our main event per gold record."""
    records = load_plover(path)
    if sample:
        records = records[:sample]
    texts = list(dict.fromkeys(r["text"].strip() for r in records))
    docs = dict(zip(texts, annotate(texts, date(2000, 1, 1), stage, actors), strict=True))
    gold_types: list[str] = []
    pred_types: list[str] = []
    any_type = 0
    counts = {f"{side}_{kind}": [0, 0, 0] for side in ("source", "target") for kind in ("country", "sector")}
    rows = []
    for record in records:
        doc = docs[record["text"].strip()]
        event = _main(doc)
        predicted = event.type if event else "NONE"
        gold_types.append(record["type"])
        pred_types.append(predicted)
        any_type += any(e.type == record["type"] for e in doc.events)
        reciprocal = "SRC/TAR" in record.get("textInfo", {}).get("markup", "")
        for side, gold_field in (("source", "source"), ("target", "target")):
            gold = _gold_codes(record.get(gold_field))
            pred = event_actor_codes(event, doc, side)
            if reciprocal:
                # PLOVER codes every participant of a reciprocal event as a source: compare the union.
                both = event_actor_codes(event, doc, "source") | event_actor_codes(event, doc, "target")
                pred = both if side == "source" else set()
                gold = (
                    _gold_codes(record.get("source")) | _gold_codes(record.get("target")) if side == "source" else set()
                )
            for kind in ("country", "sector"):
                with_sector = kind == "sector"
                tp = sum(1 for g in gold if any(_code_matches(p, g, with_sector) for p in pred))
                matched = sum(1 for p in pred if any(_code_matches(p, g, with_sector) for g in gold))
                tally = counts[f"{side}_{kind}"]
                tally[0] += tp
                tally[1] += len(pred) - matched
                tally[2] += len(gold) - tp
        rows.append({"id": record["id"], "gold": record["type"], "pred": predicted, "text": record["text"][:100]})
    accuracy = sum(g == p for g, p in zip(gold_types, pred_types, strict=True)) / len(records)
    per_type = {}
    for label in PLOVER_TYPES:
        tp = sum(1 for g, p in zip(gold_types, pred_types, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold_types, pred_types, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold_types, pred_types, strict=True) if g == label and p != label)
        per_type[label] = {"gold": tp + fn, **_prf(tp, fp, fn)}
    return {
        "records": len(records),
        "type_accuracy": round(accuracy, 4),
        "type_macro_f1": macro_f1(gold_types, pred_types, PLOVER_TYPES),
        "type_any_event_recall": round(any_type / len(records), 4),
        "no_event": pred_types.count("NONE"),
        "actors": {key: _prf(*value) for key, value in counts.items()},
        "per_type": per_type,
        "errors": [r for r in rows if r["gold"] != r["pred"]],
    }


# --- ConfliBERT CAMEO classes -------------------------------------------------------------------------


def _sentence_codings(texts: Sequence[str]) -> list[tuple[list[Any], list[str]]]:
    """Rule codings and classifier features for each text (one sentence each)."""
    stages = make_pipeline(list(_PIPELINE))
    out = []
    for text in texts:
        article = Article(article_id(text), text, None, "unknown")
        doc = AnnotatedArticle(article)
        for stage in stages:
            doc = stage(doc)
        doc = entities_and_actors(doc)
        codings: list[Any] = []
        token_starts = [token.idx for token in doc.parse]
        for sentence in doc.sentences:
            span = sentence_span(doc.parse, token_starts, sentence)
            if span is None:
                continue
            found, _ = code_sentence(
                span, sentence, text, None, [e for e in doc.entities if sentence.start <= e.start < sentence.end]
            )
            codings.extend(found)
        out.append((codings, sentence_features(text, codings)))
    return out


def cameo_features_matrix(texts: Sequence[str]) -> tuple[Any, list[str]]:
    """A sparse binary feature matrix of the texts and its vocabulary (features seen at least twice)."""
    from scipy.sparse import csr_matrix

    features = [f for _, f in _sentence_codings(texts)]
    counts = Counter(f for fs in features for f in set(fs))
    # Features seen once cannot generalise and only grow the shipped file.
    vocabulary = sorted(f for f, n in counts.items() if n >= 2)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols = [], []
    for row, fs in enumerate(features):
        for col in sorted({index[f] for f in fs if f in index}):
            rows.append(row)
            cols.append(col)
    matrix = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(texts), len(vocabulary)))
    return matrix, vocabulary


def score_cameo(
    data_dir: Path, stage: EventStage | None = None, sample: int | None = None, folds: int = 5, actors: str = "own"
) -> dict[str, Any]:
    """Macro F1 of CAMEO quad classes: pipeline on the held-out quarter, classifier cross-validated on the rest."""
    items = load_cameo_classes(data_dir)
    held = [item for item in items if is_holdout(item[0])]
    dev = [item for item in items if not is_holdout(item[0])]
    if sample:
        held, dev = held[:sample], dev[: sample * 3]
    result: dict[str, Any] = {"sentences": len(items), "held_out": len(held), "development": len(dev)}
    # The whole pipeline (rules + shipped classifier) on the held-out quarter.
    docs = annotate([t for t, _ in held], None, stage, actors)
    gold = [label for _, label in held]
    pred = [_sentence_class(doc) for doc in docs]
    result["held_out_macro_f1"] = macro_f1(gold, pred, range(5))
    result["held_out_accuracy"] = round(sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1), 4)
    result["held_out_confusion"] = _confusion(gold, pred)
    # Rules alone on the development part (no classifier: what the lexicon gets by itself).
    codings = _sentence_codings([t for t, _ in dev])
    dev_gold = [label for _, label in dev]
    rule_pred = [_rule_class(c) for c, _ in codings]
    result["rules_only_dev_macro_f1"] = macro_f1(dev_gold, rule_pred, range(5))
    result["cv_macro_f1"] = _cross_validated(codings, dev_gold, folds)
    return result


def _rule_class(codings: Sequence[Any]) -> int:
    from dateline.pipeline.events import MIN_CONFIDENCE

    kept = [c for c in codings if c.rule_confidence >= MIN_CONFIDENCE]
    main = main_event(kept)
    return main.quad if main is not None else 0


def _sentence_class(doc: AnnotatedArticle) -> int:
    return doc.events[0].quad_class or 0 if doc.events else 0


def _cross_validated(codings: list[tuple[list[Any], list[str]]], labels: list[int], folds: int) -> dict[str, float]:
    """k-fold macro F1 of the classifier alone and of the full decision (classifier + rules)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from dateline.pipeline.events import CLASSIFIER_WEIGHT, MIN_CONFIDENCE, RULE_FLOOR
    from dateline.resources.plover import LinearClassifier

    n = len(labels)
    fold_of = [hashlib.sha256(str(i).encode()).digest()[0] % folds for i in range(n)]
    classifier_pred = [0] * n
    decision_pred = [0] * n
    for k in range(folds):
        train = [i for i in range(n) if fold_of[i] != k]
        test = [i for i in range(n) if fold_of[i] == k]
        counts = Counter(f for i in train for f in set(codings[i][1]))
        vocabulary = sorted(f for f, c in counts.items() if c >= 2)
        index = {f: j for j, f in enumerate(vocabulary)}

        def matrix(rows: list[int], index: dict[str, int] = index, size: int = len(vocabulary)) -> Any:
            r, c = [], []
            for row, i in enumerate(rows):
                for col in sorted({index[f] for f in codings[i][1] if f in index}):
                    r.append(row)
                    c.append(col)
            return csr_matrix(([1.0] * len(r), (r, c)), shape=(len(rows), size))

        model = LogisticRegression(C=1.0, max_iter=2000)
        model.fit(matrix(train), np.array([labels[i] for i in train]))
        linear = LinearClassifier(index, model.coef_.T, model.intercept_, tuple(int(c) for c in model.classes_), {})
        for i in test:
            proba = linear.proba(codings[i][1])
            classifier_pred[i] = int(linear.classes[int(np.argmax(proba))])
            best = None
            for coding in sorted(
                codings[i][0], key=lambda c: (c.negated, c.depth, -c.rule_confidence, c.trigger_start)
            ):
                p = float(proba[linear.classes.index(coding.quad)])
                confidence = (1 - CLASSIFIER_WEIGHT) * coding.rule_confidence + CLASSIFIER_WEIGHT * p
                if confidence >= MIN_CONFIDENCE and coding.rule_confidence >= RULE_FLOOR:
                    best = coding
                    break
            decision_pred[i] = best.quad if best is not None else 0
    return {
        "classifier": macro_f1(labels, classifier_pred, range(5)),
        "pipeline": macro_f1(labels, decision_pred, range(5)),
    }


def _confusion(gold: Sequence[int], pred: Sequence[int]) -> list[list[int]]:
    return [[sum(1 for g, p in zip(gold, pred, strict=True) if g == i and p == j) for j in range(5)] for i in range(5)]


# --- source / target phrases against the ConfliBERT role file ------------------------------------------


def _spans(tags: Sequence[str], role: str) -> list[set[int]]:
    spans: list[set[int]] = []
    for i, tag in enumerate(tags):
        if tag == f"B-{role}":
            spans.append({i})
        elif tag == f"I-{role}" and spans:
            spans[-1].add(i)
    return spans


def score_roles(
    data_dir: Path, stage: EventStage | None = None, sample: int | None = None, actors: str = "own"
) -> dict[str, Any]:
    """Source and target phrase F1 of the main event against the role file (a phrase matches on any shared token)."""
    items = load_cameo_roles(data_dir)
    items = [item for item in items if not is_holdout(" ".join(item[0]))]
    if sample:
        items = items[:sample]
    texts = [" ".join(tokens) for tokens, _ in items]
    docs = annotate(texts, None, stage, actors)
    tallies = {"source": [0, 0, 0], "target": [0, 0, 0]}
    for (tokens, tags), text, doc in zip(items, texts, docs, strict=True):
        offsets = []
        position = 0
        for token in tokens:
            offsets.append(position)
            position += len(token) + 1
        event = _main(doc)
        for side, role in (("source", "S"), ("target", "T")):
            gold = _spans(tags, role)
            text_span = getattr(event, f"{side}_text") if event else None
            pred: set[int] = set()
            if text_span:
                start = text.find(text_span)
                if start >= 0:
                    end = start + len(text_span)
                    pred = {i for i, o in enumerate(offsets) if start <= o < end}
            tally = tallies[side]
            if pred and any(pred & g for g in gold):
                tally[0] += 1
                tally[2] += len(gold) - 1
            else:
                tally[1] += 1 if pred else 0
                tally[2] += len(gold)
    return {"sentences": len(items), **{side: _prf(*t) for side, t in tallies.items()}}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score event coding on the development data.")
    parser.add_argument("data_dir", type=Path, help="folder with plover/ and conflibert/ (see its README)")
    parser.add_argument("--sample", type=int, default=None, help="only the first N items of each set")
    parser.add_argument("--no-classifier", action="store_true", help="rules only")
    parser.add_argument("--errors", action="store_true", help="list the PLOVER records coded wrong")
    parser.add_argument("--only", choices=("plover", "cameo", "roles"), default=None)
    parser.add_argument(
        "--actors", choices=("own", "pipeline"), default="own",
        help="entities/actors from spaCy + our PLOVER table (own) or from the entities and actors stages",
    )  # fmt: skip
    args = parser.parse_args(argv)
    wanted = ("plover", "cameo", "roles") if args.only is None else (args.only,)
    missing = [
        str(args.data_dir / _DATA_FILES[name]) for name in wanted if not (args.data_dir / _DATA_FILES[name]).is_file()
    ]
    if missing:
        sys.stderr.write(f"E470 no {', '.join(missing)}: DATA_DIR must hold plover/ and conflibert/ (see its README)\n")
        return 2
    stage = EventStage(classifier=not args.no_classifier)
    result: dict[str, Any] = {}
    if args.only in (None, "plover"):
        result["plover"] = score_plover(args.data_dir / _DATA_FILES["plover"], stage, args.sample, args.actors)
        if not args.errors:
            result["plover"].pop("errors")
    if args.only in (None, "cameo"):
        result["cameo"] = score_cameo(args.data_dir, stage, args.sample, actors=args.actors)
    if args.only in (None, "roles"):
        result["roles"] = score_roles(args.data_dir, stage, args.sample, args.actors)
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
