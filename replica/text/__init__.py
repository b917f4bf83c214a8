"""Per-language text banks of the replica: UI strings, category labels and the parallel prose templates."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

# Every edition the replica can serve; English is the original, the others imitate GTranslate's machine translation.
SUPPORTED = ("en", "fr", "de", "it", "id", "tl", "es")

# The parallel lists: entry i of each list means the same thing in every language, so one language-independent
# plan renders as the English article and as each of its "translations".
PARALLEL = (
    "MONTHS",
    "ORGS",
    "PEOPLE",
    "COUNTRIES",
    "WITH_COUNTRIES",
    "TOPICS",
    "PLACES",
    "SENTENCES",
    "TITLES",
    "CAPTIONS",
    "LIST_INTROS",
    "UPDATES",
)


@cache
def bank(lang: str) -> ModuleType:
    """The text bank module of one language (replica.text.<lang>)."""
    if lang not in SUPPORTED:
        raise ValueError(f"language {lang!r} is not supported by the replica; choose from {', '.join(SUPPORTED)}")
    return importlib.import_module(f"replica.text.{lang}")
