"""A faster stand-in for spaCy's ``attribute_ruler`` with the same patterns and the same result.

The English pipelines fill ``token.pos_``, ``token.morph`` (and a few lemmas) from the fine-grained tag
with an ``attribute_ruler`` holding about 180 single-token patterns. spaCy's Matcher tries every pattern
at every token, which costs as much as the tagger, parser and entity recogniser of a small student
pipeline together. This component reads the same patterns but indexes them by the tag or the
lower-cased form they require, so each token is checked against the two or three patterns that can
apply. Patterns are applied in their listed order, later ones overriding earlier ones, as the
attribute ruler does. Only the pattern keys the English rules use are supported (TAG, LOWER, DEP,
IS_SPACE with a value, IN, NOT_IN or REGEX); anything else is refused when the patterns are loaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

__all__ = ["FACTORY", "AttributeMap", "replace_attribute_ruler"]

FACTORY = "dateline_attribute_map"
_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_Check = Callable[[int], bool]
_Checks = list[tuple[int, int, _Check]]


def _check(vocab: Vocab, key: str, spec: Any) -> _Check:
    """A test on one token column (hashes for TAG/LOWER/DEP, 0/1 for IS_SPACE)."""
    if key == "IS_SPACE":
        if not isinstance(spec, bool):
            raise ValueError(f"unsupported IS_SPACE value {spec!r}")
        wanted = int(spec)
        return lambda value: value == wanted

    def hashed(text: str) -> int:
        return 0 if text == "" else int(vocab.strings.add(text))

    if isinstance(spec, str):
        one = hashed(spec)
        return lambda value: value == one
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, arg),) = spec.items()
        if op == "IN":
            members = frozenset(hashed(v) for v in arg)
            return lambda value: value in members
        if op == "NOT_IN":
            excluded = frozenset(hashed(v) for v in arg)
            return lambda value: value not in excluded
        if op == "REGEX":
            regex = re.compile(arg)
            cache: dict[int, bool] = {}

            def search(value: int) -> bool:
                if value not in cache:
                    cache[value] = bool(regex.search(vocab.strings[value])) if value else False
                return cache[value]

            return search
    raise ValueError(f"unsupported pattern value {key}: {spec!r}")


def _column(token: Any, column: int) -> int:
    if column == 0:
        return int(token.tag)
    if column == 1:
        return int(token.lower)
    if column == 2:
        return int(token.dep)
    return int(token.is_space)


class AttributeMap:
    """Token attributes from tag/form patterns (same patterns and precedence as ``attribute_ruler``)."""

    def __init__(self, vocab: Vocab, name: str = FACTORY) -> None:
        self.vocab = vocab
        self.name = name
        self.patterns: list[dict[str, Any]] = []
        self._compile()

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        self.patterns.extend(patterns)
        self._compile()

    def _compile(self) -> None:
        # one entry per alternative token sequence: (pattern number, target offset, [(offset, column, check)])
        self._attrs: list[dict[int, Any]] = []
        self._by_tag: dict[int, list[tuple[int, int, list[tuple[int, int, _Check]]]]] = {}
        self._by_lower: dict[int, list[tuple[int, int, list[tuple[int, int, _Check]]]]] = {}
        self._generic: list[tuple[int, int, list[tuple[int, int, _Check]]]] = []
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}
        self._plans: dict[tuple[int, int, int, int], tuple[tuple[int, ...], list[tuple[int, _Checks]]]] = {}
        for number, entry in enumerate(self.patterns):
            self._attrs.append(normalize_token_attrs(self.vocab, entry["attrs"]))
            for sequence in entry["patterns"]:
                index = int(entry.get("index", 0))
                target = index if index >= 0 else len(sequence) + index
                if not 0 <= target < len(sequence):
                    raise ValueError(f"pattern {number}: index {index} outside the pattern")
                checks = []
                for position, token_spec in enumerate(sequence):
                    for key, spec in token_spec.items():
                        if key not in _KEYS:
                            raise ValueError(f"pattern {number}: unsupported key {key!r}")
                        checks.append((position - target, _KEYS[key], _check(self.vocab, key, spec)))
                item = (number, target, checks)
                spec = sequence[target]
                if isinstance(spec.get("TAG"), str):
                    self._by_tag.setdefault(int(self.vocab.strings.add(spec["TAG"])), []).append(item)
                elif isinstance(spec.get("TAG"), dict) and set(spec["TAG"]) == {"IN"}:
                    for tag in spec["TAG"]["IN"]:
                        self._by_tag.setdefault(int(self.vocab.strings.add(tag)), []).append(item)
                elif isinstance(spec.get("LOWER"), str):
                    self._by_lower.setdefault(int(self.vocab.strings.add(spec["LOWER"])), []).append(item)
                elif isinstance(spec.get("LOWER"), dict) and set(spec["LOWER"]) == {"IN"}:
                    for lower in spec["LOWER"]["IN"]:
                        self._by_lower.setdefault(int(self.vocab.strings.add(lower)), []).append(item)
                else:
                    self._generic.append(item)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        plans = self._plans
        for token in doc:
            key = (token.tag, token.lower, token.dep, int(token.is_space))
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = self._plan(key)
            single, multi = plan
            matched = single
            for number, checks in multi:
                for offset, column, check in checks:
                    j = token.i + offset
                    if not 0 <= j < n or not check(_column(doc[j], column)):
                        break
                else:
                    matched = (*matched, number)
            if matched:
                set_token_attrs(token, self._attrs_for(matched if matched is single else tuple(sorted(set(matched)))))
        return doc

    def _plan(self, key: tuple[int, int, int, int]) -> tuple[tuple[int, ...], list[tuple[int, _Checks]]]:
        """For one token's (tag, lower, dep, is_space): the single-token patterns that match it, and
        the multi-token patterns that still need its neighbours checked."""
        empty: list[tuple[int, int, _Checks]] = []
        single: set[int] = set()
        multi: list[tuple[int, _Checks]] = []
        for candidates in (self._by_tag.get(key[0], empty), self._by_lower.get(key[1], empty), self._generic):
            for number, _target, checks in candidates:
                own = [(offset, column, check) for offset, column, check in checks if offset == 0]
                if not all(check(key[column]) for _offset, column, check in own):
                    continue
                others = [(offset, column, check) for offset, column, check in checks if offset != 0]
                if others:
                    multi.append((number, others))
                else:
                    single.add(number)
        return tuple(sorted(single)), multi

    def _attrs_for(self, numbers: tuple[int, ...]) -> dict[int, Any]:
        merged = self._merged.get(numbers)
        if merged is None:
            merged = {}
            for number in numbers:
                merged.update(self._attrs[number])
            self._merged[numbers] = merged
        return merged

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "patterns.json").write_text(json.dumps(self.patterns, ensure_ascii=False, indent=0), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> AttributeMap:
        self.patterns = json.loads((Path(path) / "patterns.json").read_text(encoding="utf-8"))
        self._compile()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.patterns, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> AttributeMap:
        self.patterns = json.loads(data.decode("utf-8"))
        self._compile()
        return self


@Language.factory(FACTORY)
def make_attribute_map(nlp: Language, name: str) -> AttributeMap:
    return AttributeMap(nlp.vocab, name)


def replace_attribute_ruler(nlp: Language) -> bool:
    """Swap a loaded pipeline's ``attribute_ruler`` for an AttributeMap with the same patterns.

    The component keeps its name and place; token attributes come out the same. Returns whether a
    ruler was replaced.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    fast = nlp.replace_pipe("attribute_ruler", FACTORY)
    if not isinstance(fast, AttributeMap):  # pragma: no cover - the factory always builds one
        raise TypeError(f"{FACTORY} built {type(fast).__name__}")
    fast.add_patterns(patterns)
    return True
