"""The network cut while a postal order is placed: queued durably, sent once when it is back."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from app.bootstrap import build_app
from app.fleet.postal_queue import QueuedPostalOrders
from kiosk.issuance.postal import PostalRequest
from tests.fleet.conftest import RunningAuthority, start_authority, stop
from tests.fleet.test_fleet_failures import kiosk_config

pytestmark = pytest.mark.postgres
KAREN = PostalRequest("1503681234", "Karen Margrethe Søerensen", "Vestergade 1, 8000 Aarhus C")


def holdings_of(database: str, cpr: str) -> list[tuple[str, str]]:
    with psycopg.connect(database) as connection:
        rows = connection.execute(
            "SELECT status, kiosk_id FROM nemid_holdings WHERE cpr = %s AND kiosk_id <> ''",
            (cpr,),
        ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def test_an_order_placed_while_the_service_is_away_is_sent_once_when_it_is_back(
    authority: RunningAuthority, tmp_path: Path, kiosk_command: list[str]
) -> None:
    config = kiosk_config(authority, "kiosk-a", tmp_path)
    port = int(authority.url.rsplit(":", 1)[1])
    with build_app(config) as app:
        postal = app.services.postal
        assert isinstance(postal, QueuedPostalOrders)
        stop(authority.process)  # the network is cut mid-visit
        order = postal.order(KAREN)
        assert order.status == "queued" and order.reference.startswith("Q-")
        assert order.earliest < order.latest
        receipt = postal.receipt_for(order.reference)  # printed while the service is away
        assert (receipt.order_reference, receipt.earliest) == (order.reference, order.earliest)
        assert "XXXX" in receipt.masked_cpr and receipt.holder_name == KAREN.holder_name
        queued = postal.queued()
        assert len(queued) == 1 and oct(queued[0].stat().st_mode & 0o777) == "0o600"
        assert json.loads(queued[0].read_text(encoding="utf-8"))["request"]["cpr"] == KAREN.cpr
    with build_app(config) as app:  # started again while the service is still away: it waits
        assert len(app.services.postal.queued()) == 1  # type: ignore[attr-defined]
    assert holdings_of(authority.database, KAREN.cpr) == []
    authority.process = start_authority(authority.database, authority.tls_dir, kiosk_command, port)
    with build_app(config) as app:  # the kiosk starts again: the queue goes out
        assert app.services.postal.queued() == []  # type: ignore[attr-defined]
    assert holdings_of(authority.database, KAREN.cpr) == [("active", "kiosk-a")]
    letters = sorted((tmp_path / "outbox").glob("*"))
    assert len(letters) == 2
    with build_app(config):  # and never again
        pass
    assert holdings_of(authority.database, KAREN.cpr) == [("active", "kiosk-a")]


def test_an_entry_caught_mid_send_is_not_sent_twice(
    authority: RunningAuthority, tmp_path: Path
) -> None:
    config = kiosk_config(authority, "kiosk-a", tmp_path)
    with build_app(config) as app:
        app.services.postal.order(KAREN)  # sent at once: the service is up
        assert holdings_of(authority.database, KAREN.cpr) == [("active", "kiosk-a")]
        queue = tmp_path / "postal-queue"
        queue.mkdir(exist_ok=True)
        entry = {
            "reference": "Q-CRASHED",
            "queued_on": app.clock.today().isoformat(),
            "request": {"cpr": KAREN.cpr, "holder_name": KAREN.holder_name,
                        "address": KAREN.address, "language": "da", "rule": "R2"},
        }  # fmt: skip
        (queue / "20261206T000000-Q-CRASHED.sending").write_text(json.dumps(entry))
        assert app.services.postal.drain() == []  # type: ignore[attr-defined]
        assert app.services.postal.queued() == []  # type: ignore[attr-defined]
    assert holdings_of(authority.database, KAREN.cpr) == [("active", "kiosk-a")]
