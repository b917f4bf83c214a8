"""The Datasette metadata of `eureporter browse`: descriptions from the data dictionary, facets, sort orders, the
full-text index, the licence and source note, and the canned queries for the common questions."""

from __future__ import annotations

from typing import Any

from crawler.browse.dictionary import load_dictionary
from storage.fts import FTS_TABLE

DATABASE = "eureporter"
"""The database's name in Datasette's URLs (CONTRACT.md: /eureporter/articles?_search=WORDS)."""

FACETS: list[str | dict[str, str]] = [
    "language",
    {"list": "categories"},
    {"list": "tags"},
    {"month": "published_at"},
]
"""Facets shown on every articles page: categories and tags are JSON lists; `list` and `month` are the plugin's."""

LICENSE = "Article texts and images © EU Reporter and their authors: archived for research, not relicensed"
SOURCE = "EU Reporter (www.eureporter.co), every language edition, archived by eureporter-archive"
SOURCE_URL = "https://www.eureporter.co/"

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "newest_articles": {
        "title": "Newest articles",
        "description": "The 100 most recently published article editions; leave language empty for every edition.",
        "sql": """select id as article, language, title, published_at, modified_at, version, url
from articles
where :language = '' or language = :language
order by published_at desc
limit 100""",
    },
    "article_editions": {
        "title": "One article's editions",
        "description": "Every stored edition of the article that has this URL (any of its editions).",
        "sql": """select e.id as article, e.language, e.title, e.published_at, e.version, e.fetched_at, e.url
from articles as e
where e.article_key = (select article_key from articles where url = :url)
order by e.language = 'en' desc, e.language""",
    },
    "edited_after_publication": {
        "title": "Articles edited after publication",
        "description": (
            "Editions whose title or text changed between two captures (version > 1), most recently modified first, "
            "with when the archive first saw a change; leave language empty for every edition."
        ),
        "sql": """select a.id as article, a.language, a.title, a.published_at, a.modified_at, a.version,
  (select min(v.superseded_at) from article_versions as v where v.article_id = a.id) as first_change_archived_at
from articles as a
where a.version > 1 and (:language = '' or a.language = :language)
order by a.modified_at desc
limit 1000""",
    },
    "articles_per_language_per_month": {
        "title": "Articles per language per month",
        "description": "How many article editions were published each month (UTC), per language.",
        "sql": """select substr(published_at, 1, 7) as month, language, count(*) as articles
from articles
where published_at is not null
group by month, language
order by month desc, language""",
    },
}


def build_metadata(*, search: bool) -> dict[str, Any]:
    """Datasette's metadata dict; `search` says whether the articles table has its full-text index."""
    dictionary = load_dictionary()
    tables: dict[str, dict[str, Any]] = {
        name: {"description": doc.description, "columns": dict(doc.columns)} for name, doc in dictionary.items()
    }
    articles = tables.setdefault("articles", {})
    articles.update(
        {
            "facets": FACETS,
            "sort_desc": "published_at",
            "label_column": "title",
            "size": 50,
        }
    )
    if search:
        articles.update({"fts_table": FTS_TABLE, "fts_pk": "id"})
    tables.setdefault("article_versions", {}).update({"sort": "article_id", "label_column": "title"})
    tables.setdefault("crawls", {})["sort_desc"] = "started_at"
    return {
        "title": "EU Reporter archive",
        "description": (
            "Every archived edition of every EU Reporter article, its earlier versions and the crawl runs. Column "
            "descriptions come from the project's data dictionary (docs/data-dictionary.md); each article's page "
            "links its other editions, its versions with word-level diffs and the archived original."
        ),
        "license": LICENSE,
        "source": SOURCE,
        "source_url": SOURCE_URL,
        "databases": {
            DATABASE: {
                "description": "The archive's dataset: articles (one row per edition), article_versions, crawls.",
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }
