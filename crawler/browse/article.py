"""What an article's page shows: its editions, its versions with word-level diffs between consecutive ones, and the
links to the archived original in pywb at the exact capture. Pure functions over rows; the plugin runs the queries."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

COLLECTION = "eureporter"
"""pywb's collection (crawler.commands.replay.COLLECTION)."""

_TOKENS = re.compile(r"\s+|[^\s]+")
_GLUE_TOKENS = 3
"""An unchanged run this short between two changes (a space, "the", a space) is shown inside the change: a rewritten
sentence then reads as one deletion and one insertion instead of confetti."""
# Characters a URL keeps in pywb's path: the stored URLs are already percent-encoded as fetched.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"


def capture_timestamp(value: datetime | str | None) -> str | None:
    """YYYYMMDDhhmmss of a stored UTC time (datetime, or SQLite's `YYYY-MM-DD hh:mm:ss.ffffff` text): the form pywb's
    URLs and the CDXJ indexes use."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d%H%M%S")
    digits = "".join(c for c in str(value)[:19] if c.isdigit())
    return digits if len(digits) == 14 else None


@dataclass(frozen=True, slots=True)
class ReplayLinks:
    page: str
    """pywb's framed replay of the capture (its banner shows the capture time)."""
    raw: str
    """The archived bytes as served (`id_`: no rewriting)."""
    timestamp: str


def replay_links(prefix: str, url: str | None, fetched_at: datetime | str | None) -> ReplayLinks | None:
    """Links into pywb, mounted at `prefix` (e.g. /replay), for the capture of `url` at `fetched_at`: pywb serves
    the capture with that exact timestamp (the row's WARC-Date), or the nearest if the row was edited by hand."""
    timestamp = capture_timestamp(fetched_at)
    if not url or timestamp is None:
        return None
    target = quote(url, safe=_URL_SAFE)
    base = f"{prefix.rstrip('/')}/{COLLECTION}/{timestamp}"
    return ReplayLinks(page=f"{base}/{target}", raw=f"{base}id_/{target}", timestamp=timestamp)


def _pieces(old: str | None, new: str | None) -> list[tuple[str, str]]:
    """`new` against `old`, word by word, as ("equal" | "del" | "ins", text) runs in reading order."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    # An unchanged run is folded only when a change comes before it and another after it (it is not the last).
    folded: list[tuple[str, int, int, int, int]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        after_change = bool(folded) and folded[-1][0] != "equal"
        glue = tag == "equal" and 0 < index < len(opcodes) - 1 and i2 - i1 <= _GLUE_TOKENS
        if after_change and (glue or tag != "equal"):
            prev = folded.pop()
            folded.append(("replace", prev[1], i2, prev[3], j2))
        else:
            folded.append((tag, i1, i2, j1, j2))
    pieces: list[tuple[str, str]] = []
    for kind, i1, i2, j1, j2 in folded:
        if kind == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        pieces += [("del", "".join(a[i1:i2])), ("ins", "".join(b[j1:j2]))]
    return [(kind, text) for kind, text in pieces if text]


def _markup(pieces: list[tuple[str, str]]) -> Markup:
    return Markup(
        "".join(escape(text) if kind == "equal" else f"<{kind}>{escape(text)}</{kind}>" for kind, text in pieces)
    )


def record_link(prefix: str, warc_file: str | None, offset: int | None) -> str | None:
    """`prefix/FILE/OFFSET`: where `eureporter browse` serves the one record (crawler.browse.records)."""
    if not warc_file or offset is None:
        return None
    return f"{prefix.rstrip('/')}/{quote(warc_file, safe='')}/{int(offset)}"


def word_diff(old: str | None, new: str | None) -> Markup:
    """HTML of `new` against `old`, word by word: removed words in <del>, added ones in <ins>, the rest escaped.
    Newlines are kept."""
    return _markup(_pieces(old, new))


@dataclass(frozen=True, slots=True)
class DiffParagraph:
    html: Markup | None
    """A paragraph with a change, marked up as word_diff does; None for a run of unchanged paragraphs."""
    unchanged: int = 0
    """How many unchanged paragraphs stand here (when html is None)."""


def paragraph_diff(old: str | None, new: str | None) -> list[DiffParagraph]:
    """The word diff cut into paragraphs (the text's lines), keeping only those with a change: each run of unchanged
    paragraphs in between is counted, not shown, so an edit in a long article reads at a glance."""
    lines: list[list[tuple[str, str]]] = [[]]
    for kind, text in _pieces(old, new):
        first, *rest = text.split("\n")
        lines[-1].append((kind, first))
        lines += [[(kind, part)] for part in rest]
    out: list[DiffParagraph] = []
    for line in lines:
        if not any(text.strip() for _, text in line):
            continue
        if any(kind != "equal" and text.strip() for kind, text in line):
            out.append(DiffParagraph(_markup([piece for piece in line if piece[1]])))
        elif out and out[-1].html is None:
            out[-1] = DiffParagraph(None, out[-1].unchanged + 1)
        else:
            out.append(DiffParagraph(None, 1))
    return out


@dataclass(slots=True)
class Version:
    number: int
    title: str | None
    text: str | None
    fetched_at: Any
    superseded_at: Any
    warc_file: str | None
    warc_offset: int | None
    warc_record_id: str | None
    replay: ReplayLinks | None
    record: str | None = None
    """Link to the WARC record itself (a one-record .warc.gz), when the row names its file and offset."""
    current: bool = False


@dataclass(slots=True)
class Diff:
    old: int
    new: int
    title: Markup | None
    """None when the title did not change."""
    text: list[DiffParagraph]
    anchor: str = ""


@dataclass(slots=True)
class Edition:
    id: int
    language: str | None
    title: str | None
    url: str | None
    version: int | None
    current: bool


@dataclass(slots=True)
class ArticlePage:
    id: int
    url: str | None
    title: str | None
    language: str | None
    paragraphs: list[str]
    replay: ReplayLinks | None
    editions: list[Edition] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    diffs: list[Diff] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    """(column, value as shown) for the metadata block; JSON lists joined with commas."""


FACT_COLUMNS = (
    "language",
    "author",
    "published_at",
    "modified_at",
    "categories",
    "tags",
    "word_count",
    "version",
    "first_seen_at",
    "last_seen_at",
    "fetched_at",
)


_STORED_TIME = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")


def shown_time(value: datetime | str | None) -> str:
    """A stored UTC timestamp as `YYYY-MM-DD hh:mm:ss UTC` (SQLite text keeps microseconds nobody reads)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S UTC")
    text = str(value)
    match = _STORED_TIME.match(text)
    return f"{match.group(0).replace('T', ' ')} UTC" if match else text


def _shown(value: Any) -> str:
    if isinstance(value, str) and _STORED_TIME.match(value):
        return shown_time(value)
    if isinstance(value, str) and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return value
        if isinstance(items, list):
            return ", ".join(str(item) for item in items)
    return "" if value is None else str(value)


def build_page(
    row: Mapping[str, Any],
    editions: Sequence[Mapping[str, Any]],
    versions: Sequence[Mapping[str, Any]],
    replay_prefix: str,
    records_prefix: str = "/-/warc",
) -> ArticlePage:
    """The page of one articles row: `editions` are the rows sharing its article_key (itself included), `versions`
    its article_versions rows (any order)."""
    replay = replay_links(replay_prefix, row["url"], row["fetched_at"])
    page = ArticlePage(
        id=int(row["id"]),
        url=row["url"],
        title=row["title"],
        language=row["language"],
        paragraphs=[p for p in (row["text"] or "").split("\n") if p.strip()],
        replay=replay,
        facts=[(name, _shown(row[name])) for name in FACT_COLUMNS if name in row and row[name] not in (None, "")],
    )
    ordered = sorted(editions, key=lambda e: (e["language"] != "en", e["language"] or "", e["id"]))
    page.editions = [
        Edition(int(e["id"]), e["language"], e["title"], e["url"], e["version"], int(e["id"]) == page.id)
        for e in ordered
    ]
    states = [
        Version(
            number=int(v["version"]),
            title=v["title"],
            text=v["text"],
            fetched_at=v["fetched_at"],
            superseded_at=v["superseded_at"],
            warc_file=v["warc_file"],
            warc_offset=v["warc_offset"],
            warc_record_id=v["warc_record_id"],
            replay=replay_links(replay_prefix, v["url"], v["fetched_at"]),
            record=record_link(records_prefix, v["warc_file"], v["warc_offset"]),
        )
        for v in sorted(versions, key=lambda v: int(v["version"]))
    ]
    states.append(
        Version(
            number=int(row["version"]),
            title=row["title"],
            text=row["text"],
            fetched_at=row["fetched_at"],
            superseded_at=None,
            warc_file=row["warc_file"],
            warc_offset=row["warc_offset"],
            warc_record_id=row["warc_record_id"],
            replay=replay,
            record=record_link(records_prefix, row["warc_file"], row["warc_offset"]),
            current=True,
        )
    )
    page.versions = states
    for older, newer in zip(states, states[1:], strict=False):
        title = word_diff(older.title, newer.title) if older.title != newer.title else None
        page.diffs.append(
            Diff(
                older.number,
                newer.number,
                title,
                paragraph_diff(older.text, newer.text),
                anchor=f"diff-{older.number}-{newer.number}",
            )
        )
    return page
