"""spaCy components of ours, and the place of a pipeline we may ship.

``attribute_map`` replaces the English pipelines' ``attribute_ruler`` with the same result, faster
(``dateline.parse.v1`` always uses it). ``tag_entities`` belongs to a student pipeline distilled
from en_core_web_sm by ``tools/train_fast_model.py``: it is not shipped, because no student we
trained kept the quality we need (docs/fast-model.md has the figures); a student packaged into
``en_dateline_fast`` here would be found by ``bundled_model``. Importing this package registers both
components with spaCy.
"""

from __future__ import annotations

from pathlib import Path

from dateline.resources.models import attribute_map as attribute_map
from dateline.resources.models import tag_entities as tag_entities

__all__ = ["FAST_MODEL", "bundled_model"]

FAST_MODEL = Path(__file__).resolve().parent / "en_dateline_fast"


def bundled_model() -> Path | None:
    """The bundled fast model's directory, or None when it is not installed."""
    return FAST_MODEL if (FAST_MODEL / "config.cfg").is_file() else None
