"""A pg_dump of the authority database restores into an empty one, and the rules hold there."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest

from kiosk.clock import SystemClock
from kiosk.rules.witness import WitnessLimitReached
from kiosk.storage.postgres.store import AuthorityStore
from tests.fleet.pg_cluster import PgCluster
from tests.fleet.register_data import APPLICANTS, WITNESS, entries

pytestmark = pytest.mark.postgres


def test_pg_dump_and_pg_restore_carry_the_ledger_and_the_keys(
    pg_cluster: PgCluster, pg_url: str, tmp_path: Path
) -> None:
    with AuthorityStore.open(pg_url, SystemClock()) as store:
        store.for_kiosk("loader").register.load(entries())
        for applicant in APPLICANTS[:3]:
            store.for_kiosk("k1").witnesses.record_within_limit(
                WITNESS, applicant, "declaration", "v1", "sig"
            )
    dump = tmp_path / "authority.dump"
    subprocess.run(
        [str(pg_cluster.bin_dir / "pg_dump"), "--format=custom", f"--file={dump}", pg_url],
        check=True,
        capture_output=True,
    )
    copy = pg_cluster.new_database()
    subprocess.run(
        [str(pg_cluster.bin_dir / "pg_restore"), "--no-owner", f"--dbname={copy}", str(dump)],
        check=True,
        capture_output=True,
    )
    with AuthorityStore.open(copy, SystemClock(), migrate=False) as restored:
        witnesses = restored.for_kiosk("k2").witnesses
        assert len(witnesses.vouchings_by(WITNESS)) == 3  # same pseudonym key: same references
        with pytest.raises(WitnessLimitReached):
            witnesses.record_within_limit(WITNESS, APPLICANTS[3], "declaration", "v1", "sig")
        assert restored.for_kiosk("k2").holdings.verify_password("123456789", "s3cret-pw")
    with psycopg.connect(copy) as connection:
        audited = connection.execute(
            "SELECT count(*) FROM authority_audit WHERE event = 'witness.vouched'"
        ).fetchone()
    assert audited == (3,)
