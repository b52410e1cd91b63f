"""PcscCardMonitor sees real insertion and removal events from pcscd, and a pcscd that is gone."""

from __future__ import annotations

import queue
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.pcsc.monitor import CardEvent, CardEventKind, PcscCardMonitor
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.test_card import TEST_CARD_ATR, TestCard

pytestmark = pytest.mark.pcsc

InsertCard = Callable[..., InsertedCard]
EVENT_TIMEOUT_SECONDS = 5.0


def _next_event(events: queue.Queue[CardEvent], reader: str) -> CardEvent:
    """The next card event of ``reader``, skipping reader events and other readers' events."""
    while True:
        event = events.get(timeout=EVENT_TIMEOUT_SECONDS)
        if event.reader == reader and event.kind in (
            CardEventKind.INSERTED,
            CardEventKind.REMOVED,
        ):
            return event


def test_monitor_reports_insert_and_remove(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard(), inserted=False)
    events: queue.Queue[CardEvent] = queue.Queue()
    with PcscCardMonitor(reader_prefix=inserted.reader_name) as monitor:
        monitor.add_observer(events.put)
        inserted.insert(wait=False)
        first = _next_event(events, inserted.reader_name)
        inserted.remove(wait=False)
        second = _next_event(events, inserted.reader_name)
    assert first == CardEvent(CardEventKind.INSERTED, inserted.reader_name, TEST_CARD_ATR)
    assert second.kind == CardEventKind.REMOVED


def test_monitor_reports_a_card_already_present(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard())
    events: queue.Queue[CardEvent] = queue.Queue()
    monitor = PcscCardMonitor(reader_prefix=inserted.reader_name)
    monitor.add_observer(events.put)
    with monitor:
        event = _next_event(events, inserted.reader_name)
    assert event.kind == CardEventKind.INSERTED
    assert event.atr == TEST_CARD_ATR


def test_monitor_lists_the_reader_first(insert_card: InsertCard) -> None:
    inserted = insert_card(TestCard(), inserted=False)
    events: queue.Queue[CardEvent] = queue.Queue()
    monitor = PcscCardMonitor(reader_prefix=inserted.reader_name)
    monitor.add_observer(events.put)
    with monitor:
        event = events.get(timeout=EVENT_TIMEOUT_SECONDS)
    assert event == CardEvent(CardEventKind.READER_ADDED, inserted.reader_name)


PCSCD_GONE_SCRIPT = """
from drivers.pcsc.monitor import PcscCardMonitor
from drivers.pcsc.reader import PcscCardReader
from kiosk.errors import DeviceUnavailable
for opener in (PcscCardReader("Virtual PCD 00 00").open, PcscCardMonitor().start):
    try:
        opener()
    except DeviceUnavailable as exc:
        print(exc.code)
print(PcscCardReader("Virtual PCD 00 00").health().state)
"""


def test_pcscd_gone_is_device_unavailable(
    pcscd: Path, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    # libpcsclite finds pcscd through PCSCLITE_CSOCK_NAME: pointing it at nothing is a real
    # "pcscd not running" for this process alone, without stopping the machine's shared pcscd.
    env = dict(subprocess_env, PCSCLITE_CSOCK_NAME=str(tmp_path / "no-pcscd.comm"))
    result = subprocess.run(
        [sys.executable, "-c", PCSCD_GONE_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stdout.split() == ["device_unavailable", "device_unavailable", "offline"]
