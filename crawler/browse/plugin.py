"""The Datasette plugin of `eureporter browse`, registered through Datasette's plugin hooks (`register`).

- the article page: Datasette's own row page of `articles` (`/eureporter/articles/ID`, so every row links to it)
  rendered by `templates/row-eureporter-articles.html` with what `article_vars` adds: editions, versions, diffs and
  the links to the archived original;
- `/-/warc/FILE/OFFSET`: one WARC record, as a .warc.gz of its own (crawler.browse.records);
- `/replay/…`: pywb, proxied from its loopback port (crawler.browse.proxy), so the originals come from the same
  host as the dataset and pywb itself is never exposed;
- a `month` facet (`_facet_month=published_at`), since the store keeps timestamps, not months, and a `list` facet
  (`_facet_list=tags`) for the JSON list columns, much cheaper than Datasette's `array` facet on long rows;
- no arbitrary SQL for requests that came through a reverse proxy (unless --allow-sql);
- read-only connections (`PRAGMA query_only`), titles linked to their article page, long texts shortened in tables,
  and client errors (a malformed search, a missing row) answered with Datasette's error page without a traceback
  in the log.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import weakref
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datasette import Response, hookimpl
from datasette.facets import Facet
from datasette.utils import add_cors_headers, escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import BadRequest, Base400, NotFound
from datasette.views.base import DatasetteError
from markupsafe import Markup

from crawler.browse import REPLAY_PREFIX
from crawler.browse.article import build_page, shown_time
from crawler.browse.metadata import DATABASE
from crawler.browse.records import RecordNotFound, read_record

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Awaitable, Callable

    from datasette.app import Datasette
    from datasette.utils.asgi import Request

    from crawler.browse.proxy import ReplayProxy

logger = logging.getLogger(__name__)

PLUGIN_NAME = "eureporter"
STATIC_MOUNT = "/-/eureporter"
"""Where the plugin's static/ directory is mounted (Datasette's static_mounts)."""
RECORDS_ROUTE = "/-/warc"
"""/-/warc/FILE/OFFSET: one WARC record of DATA/warc/FILE as a .warc.gz of its own (crawler.browse.records)."""
STATIC_DIR = Path(__file__).with_name("static")
TEMPLATE_DIR = Path(__file__).with_name("templates")
TEXT_PREVIEW = 240
"""Characters of an article's text shown in a table cell; the article page has all of it."""


@dataclass(slots=True)
class BrowseState:
    """What one Datasette instance of `eureporter browse` needs beyond its metadata."""

    proxy: ReplayProxy | None
    search: bool
    """False when the database has no full-text index (read-only file): `_search` is then refused, not ignored."""
    allow_sql: bool = False
    """--allow-sql: arbitrary SQL for everyone, also for requests that came through a reverse proxy."""
    warc_dir: Path | None = None
    """DATA/warc, whose records /-/warc/FILE/OFFSET serves one by one; None: none served."""


_STATES: weakref.WeakKeyDictionary[Datasette, BrowseState] = weakref.WeakKeyDictionary()

FORWARDING_HEADERS = frozenset({b"forwarded", b"x-forwarded-for", b"x-real-ip"})
"""Headers a reverse proxy adds: a request carrying one came from beyond the proxy, whatever address it came from."""
_PROXIED: contextvars.ContextVar[bool] = contextvars.ContextVar("eureporter_proxied", default=False)
"""Whether the request being answered (its asyncio task) came through a reverse proxy."""


def configure(
    datasette: Datasette,
    *,
    proxy: ReplayProxy | None,
    search: bool,
    allow_sql: bool = False,
    warc_dir: Path | None = None,
) -> None:
    """Attach the browse settings to a Datasette instance (the hooks act only on instances configured here)."""
    _STATES[datasette] = BrowseState(proxy=proxy, search=search, allow_sql=allow_sql, warc_dir=warc_dir)


def register() -> None:
    """Register this module's hooks with Datasette's plugin manager (once per process)."""
    import sys

    from datasette.plugins import pm

    module = sys.modules[__name__]
    if not pm.is_registered(module):
        pm.register(module, name=PLUGIN_NAME)
    # Every handle_exception hook runs (the first answer is used), and Datasette's own prints each exception's full
    # traceback, 404s included; this module's handler renders the same pages and logs client errors in one line.
    default = pm.get_plugin("datasette.handle_exception")
    if default is not None:
        pm.unregister(default)


def _state(datasette: Datasette) -> BrowseState | None:
    return _STATES.get(datasette)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["eureporter_time"] = shown_time


# --- read-only, search ---------------------------------------------------------------------------------------------


@hookimpl
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Datasette) -> None:
    if database == DATABASE and _state(datasette) is not None:
        # Datasette already opens the file read-only (mode=ro or immutable); this also refuses writes through any
        # connection a future Datasette or plugin might open read-write.
        conn.execute("PRAGMA query_only = 1")


@hookimpl
def filters_from_request(request: Request, database: str, table: str, datasette: Datasette) -> None:
    state = _state(datasette)
    searching = any(key.startswith("_search") for key in request.args)
    if state is not None and database == DATABASE and table == "articles" and not state.search and searching:
        raise BadRequest(
            "Full-text search is off: the database is read-only and has no full-text index yet. Run "
            "`eureporter browse` once with write access to build it."
        )


@hookimpl
def permission_allowed(datasette: Datasette, action: str) -> bool | None:
    # Browse on loopback allows arbitrary SQL (Datasette's default_allow_sql, set by crawler.browse.app); behind a
    # reverse proxy on the same machine every request comes from loopback, so the proxy's headers decide instead.
    state = _state(datasette)
    if action == "execute-sql" and state is not None and not state.allow_sql and _PROXIED.get():
        return False
    return None


# --- the article page ----------------------------------------------------------------------------------------------


@hookimpl
def extra_template_vars(
    template: str,
    database: str | None,
    table: str | None,
    view_name: str,
    request: Request | None,
    datasette: Datasette,
) -> Callable[[], Awaitable[dict[str, Any]]] | dict[str, Any]:
    state = _state(datasette)
    if state is None or request is None or not (view_name == "row" and database == DATABASE and table == "articles"):
        return {}

    async def article_vars() -> dict[str, Any]:
        return {"article": await _article(datasette, request, datasette.urls.path(REPLAY_PREFIX))}

    return article_vars


async def _article(datasette: Datasette, request: Request, replay_prefix: str) -> Any:
    pks = request.url_vars.get("pks", "")
    if not pks.isdigit():
        return None
    db = datasette.get_database(DATABASE)
    found = await db.execute("select * from articles where id = :id", {"id": int(pks)})
    row = found.first()
    if row is None:
        return None  # Datasette's row view answers 404 itself
    editions = await db.execute(
        "select id, language, title, url, version from articles where article_key = :key", {"key": row["article_key"]}
    )
    versions = await db.execute(
        "select version, url, title, text, fetched_at, superseded_at, warc_file, warc_offset, warc_record_id "
        "from article_versions where article_id = :id",
        {"id": row["id"]},
    )
    edition_rows = list(editions.rows) if row["article_key"] is not None else [row]
    return build_page(
        dict(row),
        [dict(e) for e in edition_rows],
        [dict(v) for v in versions.rows],
        replay_prefix,
        datasette.urls.path(RECORDS_ROUTE),
    )


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Markup | None:
    if database != DATABASE or _state(datasette) is None:
        return None
    if table is None and column == "article" and isinstance(value, int):
        # The canned queries name the article's id `article`: link it to the article page.
        return Markup(f'<a href="{escape(datasette.urls.row(DATABASE, "articles", str(value)))}">{value}</a>')
    if table != "articles":
        return None
    # A sqlite3.Row: `in` would test its values, not its column names.
    if column == "title" and value and "id" in row.keys():  # noqa: SIM118
        href = datasette.urls.row(DATABASE, "articles", str(row["id"]))
        return Markup(f'<a href="{escape(href)}">{escape(str(value))}</a>')
    if column == "text" and isinstance(value, str) and len(value) > TEXT_PREVIEW:
        return Markup(escape(value[:TEXT_PREVIEW].rsplit(" ", 1)[0]) + " …")
    return None


@hookimpl
def extra_css_urls(datasette: Datasette) -> list[str]:
    if _state(datasette) is None:
        return []
    return [datasette.urls.path(f"{STATIC_MOUNT}/browse.css")]


# --- one WARC record -----------------------------------------------------------------------------------------------


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [(rf"^{RECORDS_ROUTE}/(?P<name>[^/]+)/(?P<offset>[0-9]{{1,15}})$", warc_record)]


async def warc_record(datasette: Datasette, request: Request) -> Response:
    """The gzip member of one record, as stored: a valid one-record .warc.gz (warcio, pywb and `gzip -t` read it)."""
    state = _state(datasette)
    if state is None or state.warc_dir is None:
        raise NotFound("this server does not serve WARC records")
    if request.method not in ("GET", "HEAD"):
        raise DatasetteError("The archive is read-only: only GET and HEAD.", status=405)
    name, offset = request.url_vars["name"], int(request.url_vars["offset"])
    try:
        member = await asyncio.to_thread(read_record, state.warc_dir, name, offset)
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from None
    filename = f"{name.removesuffix('.warc.gz')}-{offset}.warc.gz"
    return Response(
        member,
        content_type="application/gzip",
        headers={"content-disposition": f'attachment; filename="{filename}"', "cache-control": "max-age=86400"},
    )


# --- facets: month of a timestamp, values of a JSON list -----------------------------------------------------------


class _CountFacet(Facet):  # type: ignore[misc]
    """A facet counting one value per row (or per list item) of the rows shown; choosing a value adds the filter
    `COLUMN__<LOOKUP>=VALUE`. Subclasses give the counting SQL."""

    lookup = ""
    label = ""

    async def suggest(self) -> list[dict[str, Any]]:
        return []

    def counting_sql(self, column: str, limit: int) -> str:
        """SQL with `value` and `count` columns over the rows of self.sql, most frequent (or newest) first."""
        raise NotImplementedError

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        from datasette.database import QueryInterrupted

        results: list[dict[str, Any]] = []
        timed_out: list[str] = []
        args = dict(self.get_querystring_pairs())
        size = self.get_facet_size()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            try:
                rows = await self.ds.execute(
                    self.database,
                    self.counting_sql(escape_sqlite(column), size + 1),
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            key = f"{column}__{self.lookup}"
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                selected = args.get(key) == value
                change = path_with_removed_args if selected else path_with_added_args
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, change(self.request, {key: value})),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": f"{column} ({self.label})" if self.label else column,
                    "type": self.type,
                    "results": values,
                    "hideable": source_and_config["source"] != "metadata",
                    "toggle_url": path_with_removed_args(self.request, {f"_facet_{self.type}": column}),
                    "truncated": len(rows.rows) > size,
                }
            )
        return results, timed_out


class MonthFacet(_CountFacet):
    """Rows per calendar month (UTC) of a timestamp column, newest first (`_facet_month=published_at`); a month
    filters with `COLUMN__startswith=YYYY-MM` (SQLite timestamps are stored as `YYYY-MM-DD hh:mm:ss`)."""

    type = "month"
    lookup = "startswith"
    label = "month"

    def counting_sql(self, column: str, limit: int) -> str:
        return (
            f"select substr({column}, 1, 7) as value, count(*) as count from ({self.sql}) "
            f"where {column} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' group by value order by value desc limit {limit}"
        )


class ListFacet(_CountFacet):
    """Rows per value of a JSON list column (`_facet_list=tags`), each row counted once per value; a value filters
    with `COLUMN__arraycontains=VALUE`. Datasette's `array` facet counts the same, but de-duplicates whole rows, texts
    included: a second on 20,000 articles, where this one reads only each row's id and list."""

    type = "list"
    lookup = "arraycontains"

    def counting_sql(self, column: str, limit: int) -> str:
        return (
            f"select j.value as value, count(distinct f.id) as count "
            f"from (select id, {column} from ({self.sql})) as f, json_each(f.{column}) as j "
            f"where json_valid(f.{column}) group by j.value order by count desc, value limit {limit}"
        )


@hookimpl
def register_facet_classes() -> list[type[Facet]]:
    return [MonthFacet, ListFacet]


# --- pywb behind /replay/ ------------------------------------------------------------------------------------------


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[Any], Any]:
    def wrap(app: Any) -> Any:
        async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
            state = _state(datasette)
            if scope["type"] != "http" or state is None:
                await app(scope, receive, send)
                return
            path = scope.get("path", "")
            if state.proxy is not None and (path == REPLAY_PREFIX or path.startswith(REPLAY_PREFIX + "/")):
                await state.proxy(scope, receive, send)
                return
            proxied = any(name.lower() in FORWARDING_HEADERS for name, _ in scope.get("headers", []))
            token = _PROXIED.set(proxied)
            try:
                await app(scope, receive, send)
            finally:
                _PROXIED.reset(token)

        return wrapped

    return wrap


# --- errors --------------------------------------------------------------------------------------------------------


@hookimpl
def handle_exception(datasette: Datasette, request: Request, exception: Exception) -> Any:
    """Datasette's error page for every exception, as Datasette's own handler (which `register` replaces) renders
    it; but a client error (a malformed search string, a missing row, a bad parameter) is logged in one line where
    Datasette prints the whole traceback with its local variables. Server errors keep their traceback in the log."""
    title: str | None = None
    info: dict[str, Any] = {}
    if isinstance(exception, Base400):
        status, message = exception.status, str(exception.args[0])
    elif isinstance(exception, DatasetteError):
        status, message, title = exception.status, exception.message, exception.title
        info = dict(exception.error_dict or {})
        if exception.message_is_html:
            message = Markup(message)
    else:
        status, message = 500, str(exception)
    if status >= 500:
        logger.error("%s %s: %s", status, request.path, message, exc_info=exception)
    else:
        logger.info("%s %s: %s", status, request.path, message)

    async def inner() -> Response:
        body = {**info, "ok": False, "error": message, "status": status, "title": title}
        headers: dict[str, str] = {}
        if datasette.cors:
            add_cors_headers(headers)
        if request.path.split("?")[0].endswith(".json"):
            return Response.json(body, status=status, headers=headers)
        template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
        context = {**body, "urls": datasette.urls, "app_css_hash": datasette.app_css_hash(), "menu_links": list}
        return Response.html(await template.render_async(context), status=status, headers=headers)

    return inner
