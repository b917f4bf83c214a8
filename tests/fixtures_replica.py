"""Fixtures that start the EU Reporter replica on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

import pytest

from replica import RunningReplica, running_replica

# Big enough for every era of markup and the seeded real posts, small enough to crawl in seconds.
REPLICA_ARTICLES = 200

ReplicaFactory = Callable[..., AbstractContextManager[RunningReplica]]


@pytest.fixture(scope="session")
def replica() -> Iterator[RunningReplica]:
    """A replica of REPLICA_ARTICLES articles in every default language, edition 1, shared by the session."""
    with running_replica(articles=REPLICA_ARTICLES) as running:
        yield running


@pytest.fixture
def replica_factory() -> ReplicaFactory:
    """running_replica for tests that need their own site: `with replica_factory(articles=50, edition=2) as r:`."""
    return running_replica
