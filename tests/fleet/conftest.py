"""The fleet's fixtures: one private PostgreSQL server per test session, a database per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fleet.pg_cluster import PgCluster, postgres_bin


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.fail("PostgreSQL is not installed: run scripts/setup.sh (apt postgresql)")
    cluster = PgCluster(bin_dir)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> str:
    """A fresh, empty database on the session's server."""
    return pg_cluster.new_database()
