"""Offline, deterministic EU Reporter (WordPress + Zox News) look-alike for end-to-end tests, demos and benchmarks."""

from __future__ import annotations

from replica.posts import Post
from replica.server import RunningReplica, running_replica
from replica.site import DEFAULT_LANGUAGES, Replica, ReplicaConfig

__all__ = ["DEFAULT_LANGUAGES", "Post", "Replica", "ReplicaConfig", "RunningReplica", "running_replica"]
