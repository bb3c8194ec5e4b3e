"""A real local Ray instance (2 CPUs, no dashboard, no usage stats) shared by the Ray tests, and a cluster of
two nodes simulated on this machine for the tests that need one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(ray: Any, **options: Any) -> None:
    ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False, **options)
    ray.data.DataContext.get_current().enable_progress_bars = False


@pytest.fixture(scope="session")
def ray_instance() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    _start(ray, num_cpus=2)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def two_nodes() -> Iterator[Any]:
    """Ray connected to a cluster of two nodes of one CPU each (``ray.cluster_utils.Cluster``: two raylets,
    two object stores, on this machine); the shared instance, if it was running, is started again after."""
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    was_running = ray.is_initialized()
    if was_running:
        ray.shutdown()
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    try:
        _start(ray, address=cluster.address)
        yield ray
    finally:
        ray.shutdown()
        cluster.shutdown()
        if was_running:
            _start(ray, num_cpus=2)


@pytest.fixture(scope="session")
def pages() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus_samples").glob("*.txt"))]
