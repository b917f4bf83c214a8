"""The data dictionary (docs/data-dictionary.md) read as table and column descriptions: one source for the doc and
the Datasette metadata.

The package ships the doc as `data-dictionary.md`, a link to docs/data-dictionary.md (setuptools copies the file
itself into a wheel). A table is a level-2 heading that is a table name (`## articles`); its description is the first
paragraph under the heading, its columns the rows of the first Markdown table there whose header has `column` and
`meaning` cells. A first cell may name several columns; a meaning that starts "As in `articles`" takes that table's
meaning of the same column and adds the rest of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

SOURCE = "data-dictionary.md"

_TABLE_HEADING = re.compile(r"^## `?([a-z_]+)`?\s*$")
_NAME = re.compile(r"`([a-z_][a-z0-9_]*)`")
_INHERIT = re.compile(r"^As in `([a-z_]+)`[,:]?\s*(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|\*|`)")


class DictionaryError(Exception):
    """The data dictionary is missing or not in the shape this module reads."""


@dataclass(slots=True)
class TableDoc:
    name: str
    description: str
    """Plain text (Markdown links, emphasis and code marks removed)."""
    columns: dict[str, str] = field(default_factory=dict)
    """Column name -> meaning, plain text."""


def plain(markdown: str) -> str:
    """Markdown inline text as plain text: `[text](link)` -> text, no emphasis or code marks."""
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", markdown)).split())


def _cells(line: str) -> list[str]:
    # Pipes inside code spans do not occur in the dictionary; a plain split is enough.
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse_dictionary(markdown: str) -> dict[str, TableDoc]:
    """Every table section of the dictionary, in document order."""
    tables: dict[str, TableDoc] = {}
    raw_columns: dict[str, dict[str, str]] = {}
    sections: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            heading = _TABLE_HEADING.match(line)
            sections.append((heading.group(1) if heading else "", []))
        elif sections:
            sections[-1][1].append(line)
    for name, lines in sections:
        if not name:
            continue
        tables[name] = TableDoc(name, _first_paragraph(lines))
        raw_columns[name] = _column_meanings(name, lines)
    for name, columns in raw_columns.items():
        for column, meaning in columns.items():
            inherited = _INHERIT.match(meaning)
            if inherited:
                other, rest = inherited.groups()
                base = raw_columns.get(other, {}).get(column)
                if base is None:
                    raise DictionaryError(f"{name}.{column} is 'as in {other}', which does not describe {column}")
                meaning = f"{base} ({rest.rstrip('.')})" if rest else base
            tables[name].columns[column] = plain(meaning)
    return tables


def _first_paragraph(lines: list[str]) -> str:
    paragraph: list[str] = []
    for line in lines:
        if not line.strip():
            if paragraph:
                break
            continue
        if line.lstrip().startswith(("|", "```", "#")):
            if paragraph:
                break
            continue
        paragraph.append(line.strip())
    return plain(" ".join(paragraph))


def _column_meanings(table: str, lines: list[str]) -> dict[str, str]:
    rows = iter(lines)
    for line in rows:
        if not line.lstrip().startswith("|"):
            continue
        header = [cell.lower() for cell in _cells(line)]
        if "column" not in header or "meaning" not in header:
            continue
        meaning_at = header.index("meaning")
        next(rows, None)  # the |---| line
        found: dict[str, str] = {}
        for row in rows:
            if not row.lstrip().startswith("|"):
                break
            cells = _cells(row)
            names = _NAME.findall(cells[0])
            if not names or len(cells) <= meaning_at:
                raise DictionaryError(f"table {table}: cannot read the row {row.strip()[:60]!r}")
            for name in names:
                found[name] = cells[meaning_at]
        return found
    raise DictionaryError(f"table {table}: no '| column | … | meaning |' table under its heading")


def load_dictionary() -> dict[str, TableDoc]:
    """The shipped dictionary, parsed; DictionaryError when the package lacks it (an install without package data)."""
    try:
        text = resources.files("crawler.browse").joinpath(SOURCE).read_text(encoding="utf-8")
    except OSError as exc:
        raise DictionaryError(f"the data dictionary is missing from the package ({exc}); reinstall eureporter") from exc
    return parse_dictionary(text)
