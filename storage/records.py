"""From an extracted article (a dict or any object with the Article attributes) to the values stored in its row."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from storage.schema import article_key, edition_of

logger = logging.getLogger(__name__)

# The extracted fields, as Article names them; each is a column of articles and article_versions.
EXTRACTED_FIELDS = (
    "canonical_url",
    "language",
    "title",
    "author",
    "published_at",
    "modified_at",
    "categories",
    "category_path",
    "tags",
    "text",
    "description",
    "images",
    "translations",
    "word_count",
    "reader",
)


def clean(value: Any) -> Any:
    """Strings as both databases can store them: PostgreSQL rejects NUL in text and jsonb, and neither driver can
    encode a lone surrogate. NUL is removed, a lone surrogate becomes U+FFFD; lists and dicts are cleaned throughout."""
    if isinstance(value, str):
        if "\x00" in value:
            value = value.replace("\x00", "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return value
    if isinstance(value, Mapping):
        return {clean(str(k)): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def parse_timestamp(value: str | datetime | date | None) -> datetime | None:
    """An ISO 8601 time as an aware UTC datetime. A date alone is midnight UTC of that day; a time without an offset
    is taken as UTC. None for an empty or unparseable value (logged), so one odd page never stops a batch."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    else:
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            logger.warning("Ignoring a timestamp that is not ISO 8601: %r", value)
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def normalise(value: str | None) -> str:
    """NFC, whitespace runs (any Unicode space) collapsed to one space, lines trimmed, empty lines dropped."""
    value = unicodedata.normalize("NFC", clean(value or ""))
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def content_hash(title: str | None, text: str | None) -> str:
    """sha256 hex of the normalised title, a blank line, and the normalised text (UTF-8).

    The title is folded to one line, and normalised text never has an empty line, so the blank line separates the two
    unambiguously. Whitespace and Unicode composition differences do not count as a change; any other does.
    """
    payload = normalise(title).replace("\n", " ") + "\n\n" + normalise(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _as_mapping(article: Any) -> dict[str, Any]:
    if isinstance(article, Mapping):
        return dict(article)
    if callable(getattr(article, "asdict", None)):
        return dict(article.asdict())
    if dataclasses.is_dataclass(article) and not isinstance(article, type):
        return dataclasses.asdict(article)
    return {name: getattr(article, name, None) for name in ("url", *EXTRACTED_FIELDS)}


def _strings(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):  # one label given as a string, not its characters
        return [clean(value)]
    return [clean(str(v)) for v in value]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def article_values(article: Any) -> dict[str, Any]:
    """url, the extracted fields (timestamps parsed to UTC, strings cleaned), edition, article_key, content_hash and
    metadata_hash."""
    data = _as_mapping(article)
    url = clean(data.get("url"))
    if not url:
        raise ValueError(f"article without a url: {str(data)[:200]}")
    text = clean(data.get("text") or "")
    values: dict[str, Any] = {
        "url": url,
        "canonical_url": clean(data.get("canonical_url")),
        "language": clean(data.get("language")),
        "title": clean(data.get("title") or ""),
        "author": clean(data.get("author")),
        "published_at": parse_timestamp(data.get("published_at")),
        "modified_at": parse_timestamp(data.get("modified_at")),
        "categories": _strings(data.get("categories")),
        "category_path": clean(data.get("category_path")),
        "tags": _strings(data.get("tags")),
        "text": text,
        "description": clean(data.get("description")),
        "images": clean([_plain(image) for image in data.get("images") or []]),
        "translations": clean(dict(data.get("translations") or {})),
        "word_count": int(data.get("word_count") or len(text.split())),
        "reader": clean(data.get("reader")),
    }
    values["edition"] = edition_of(url)
    values["article_key"] = article_key(url, values["canonical_url"], values["translations"])
    values["content_hash"] = content_hash(values["title"], text)
    values["metadata_hash"] = metadata_hash(values)
    return values


def metadata_hash(values: Mapping[str, Any]) -> str:
    """sha256 hex of the extracted fields but title and text (content_hash covers those): tells a change of metadata
    alone (dates, tags, images, translations…) from a plain repeat."""
    fields = {name: values.get(name) for name in EXTRACTED_FIELDS if name not in ("title", "text", "word_count")}
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=_json_default)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def jsonable(value: Any) -> Any:
    """A value as JSON types only (for options and stats dicts: datetimes become ISO 8601, anything else a string)."""
    return json.loads(json.dumps(clean(value), default=_json_default))
