"""Shared test set-up: no network, ever. Fixtures live in tests/fixtures_*.py and are registered here."""

from __future__ import annotations

import os

pytest_plugins = [
    "tests.fixtures_replica",
    "tests.fixtures_postgres",
    "tests.fixtures_redis",
]

# Loopback only: a proxy from the environment would send replica requests elsewhere.
for _name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_name, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "*"
