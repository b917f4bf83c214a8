"""The Datasette app of `eureporter browse`: the dataset under the name `eureporter`, the project's plugin and the
metadata from the data dictionary, settings that are safe beyond loopback, and no other Datasette plugin."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from crawler.browse.dataset import print_note

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from crawler.browse.dataset import Dataset
    from crawler.browse.proxy import ReplayProxy


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def datasette_settings(host: str, allow_sql: bool) -> dict[str, Any]:
    return {
        # Arbitrary SQL is a way to keep a shared server busy: off beyond loopback unless asked for.
        "default_allow_sql": allow_sql or is_loopback(host),
        "allow_download": False,
        # Suggestions run extra queries over the whole table on every page: too slow on a large archive.
        "suggest_facets": False,
        "default_page_size": 50,
        "facet_time_limit_ms": 1000,
        "truncate_cells_html": 300,
    }


def build_datasette(
    dataset: Dataset, *, host: str, allow_sql: bool, proxy: ReplayProxy | None, warc_dir: Path | None = None
) -> Any:
    """The Datasette app; `proxy` serves /replay/ (pywb), `warc_dir` the records at /-/warc/FILE/OFFSET."""
    from datasette.app import Datasette
    from datasette.database import Database

    from crawler.browse import plugin
    from crawler.browse.metadata import DATABASE, build_metadata

    plugin.register()
    unload_foreign_plugins()
    ds = Datasette(
        metadata=build_metadata(search=dataset.search),
        settings=datasette_settings(host, allow_sql),
        template_dir=str(plugin.TEMPLATE_DIR),
        static_mounts=[(plugin.STATIC_MOUNT.lstrip("/"), str(plugin.STATIC_DIR))],
    )
    ds.add_database(Database(ds, path=str(dataset.path), is_mutable=not dataset.immutable), name=DATABASE)
    ds.remove_database("_memory")  # Datasette adds an empty in-memory database when it is given no file
    plugin.configure(ds, proxy=proxy, search=dataset.search, allow_sql=allow_sql, warc_dir=warc_dir)
    return ds


def unload_foreign_plugins(note: Callable[[str], None] = print_note) -> None:
    """Browse runs Datasette's own plugins and ours only: a Datasette plugin installed in the same environment could
    add write endpoints or change what is served."""
    from datasette.plugins import DEFAULT_PLUGINS, pm

    from crawler.browse.plugin import PLUGIN_NAME

    names = []
    for name, module in list(pm.list_name_plugin()):
        if name not in DEFAULT_PLUGINS and name != PLUGIN_NAME:
            pm.unregister(module)
            names.append(name)
    if names:
        note(f"not loading the installed Datasette plugins {', '.join(sorted(names))}: browse is read-only")
