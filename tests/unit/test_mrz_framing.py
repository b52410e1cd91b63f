"""The MRZ reader's byte-stream reassembler: documents out of CR/LF lines and STX/ETX frames."""

from __future__ import annotations

import pytest

from drivers.mrz_reader.framing import (
    MAX_LINE_BYTES,
    FramedDocument,
    FramingFault,
    MrzFrameAssembler,
    reassemble,
)
from drivers.sim.reader.mrz_reader_device import SPECIMEN_TD1, SPECIMEN_TD3, encode_document

TD2 = ("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6")


def documents(events: list) -> list[tuple[str, ...]]:
    return [event.lines for event in events if isinstance(event, FramedDocument)]


def faults(events: list) -> list[str]:
    return [event.reason for event in events if isinstance(event, FramingFault)]


@pytest.mark.parametrize("lines", [SPECIMEN_TD3, SPECIMEN_TD1, TD2], ids=["TD3", "TD1", "TD2"])
@pytest.mark.parametrize("ending", ["cr", "lf", "crlf"])
def test_each_icao_shape_is_one_document_with_any_line_ending(lines, ending) -> None:
    events = reassemble(encode_document(lines, line_ending=ending))
    assert events == [FramedDocument(tuple(lines), framed=False)]


def test_a_document_is_reported_as_soon_as_its_last_line_ends() -> None:
    assembler = MrzFrameAssembler()
    assert assembler.feed(encode_document(SPECIMEN_TD3)) == [FramedDocument(SPECIMEN_TD3)]
    assert not assembler.pending


def test_stx_etx_frame_is_one_document_marked_framed() -> None:
    events = reassemble(encode_document(SPECIMEN_TD1, framed=True, line_ending="crlf"))
    assert events == [FramedDocument(SPECIMEN_TD1, framed=True)]


def test_lf_cr_endings_leave_blank_lines_that_carry_nothing() -> None:
    stream = b"".join(line.encode() + b"\n\r" for line in SPECIMEN_TD3)
    assert documents(reassemble(stream)) == [SPECIMEN_TD3]


def test_noise_lines_between_documents_are_skipped_and_counted() -> None:
    assembler = MrzFrameAssembler()
    stream = (
        b"READY\r\n\x00\xff\r"
        + encode_document(SPECIMEN_TD3)
        + b"OK\r"
        + encode_document(SPECIMEN_TD1, framed=True)
    )
    events = assembler.feed(stream) + assembler.flush()
    assert documents(events) == [SPECIMEN_TD3, SPECIMEN_TD1]
    assert faults(events) == []
    assert assembler.noise_lines == 3


def test_a_document_that_stops_halfway_is_torn_when_the_line_goes_quiet() -> None:
    assembler = MrzFrameAssembler()
    assert assembler.feed(encode_document(SPECIMEN_TD1[:2])) == []
    assert assembler.pending
    assert faults(assembler.flush()) == [
        "torn document: the reader went quiet in the middle of a document"
    ]


def test_a_frame_missing_a_line_is_torn_at_etx() -> None:
    events = reassemble(encode_document(SPECIMEN_TD1[:2], framed=True))
    assert faults(events) == [
        "torn document: 2 line(s) of 30 characters do not make an ICAO 9303 document"
    ]


def test_a_new_stx_inside_a_frame_tears_the_first_and_keeps_the_second() -> None:
    stream = b"\x02" + SPECIMEN_TD3[0].encode() + b"\r" + encode_document(SPECIMEN_TD3, framed=True)
    events = reassemble(stream)
    assert len(faults(events)) == 1 and "STX" in faults(events)[0]
    assert documents(events) == [SPECIMEN_TD3]


def test_a_frame_without_etx_is_torn_when_the_line_goes_quiet() -> None:
    stream = encode_document(SPECIMEN_TD3, framed=True)[:-1]
    assert faults(reassemble(stream)) == ["torn document: the reader went quiet before the ETX"]


def test_a_garbled_line_inside_a_frame_is_one_fault_for_the_whole_frame() -> None:
    garbled = SPECIMEN_TD3[1][:10] + "é#" + SPECIMEN_TD3[1][12:]
    events = reassemble(encode_document((SPECIMEN_TD3[0], garbled), framed=True))
    assert len(faults(events)) == 1
    assert faults(events)[0].startswith("garbled document: a line of 44 characters with")


def test_an_mrz_like_line_of_the_wrong_length_is_garbled_not_noise() -> None:
    events = reassemble((SPECIMEN_TD3[0][:40] + "\r").encode())
    assert faults(events) == [
        "garbled document: a line of 40 characters (an MRZ line has 30, 36 or 44)"
    ]


def test_lines_of_different_shapes_in_one_document_are_garbled() -> None:
    events = reassemble(encode_document((SPECIMEN_TD3[0], SPECIMEN_TD1[1])))
    assert faults(events)[0] == "garbled document: a line of 30 characters after 44-character lines"


def test_a_second_line_without_its_first_is_torn_and_the_next_document_still_reads() -> None:
    stream = encode_document(SPECIMEN_TD3[1:]) + encode_document(SPECIMEN_TD3)
    events = reassemble(stream)
    assert faults(events) == ["torn document: a later MRZ line arrived without the first line"]
    assert documents(events) == [SPECIMEN_TD3]


def test_an_endless_line_is_capped_and_reported_not_buffered() -> None:
    assembler = MrzFrameAssembler()
    assembler.feed(b"\x02" + b"A" * (MAX_LINE_BYTES * 100))
    assert len(assembler._line) <= MAX_LINE_BYTES
    events = assembler.feed(b"\r\x03")
    assert faults(events) == [f"garbled document: a line longer than {MAX_LINE_BYTES} bytes"]


def test_a_stray_etx_outside_a_frame_is_noise() -> None:
    assembler = MrzFrameAssembler()
    assert assembler.feed(b"\x03") == []
    assert assembler.noise_lines == 1


def test_a_fault_converts_to_a_read_error_with_the_reason() -> None:
    error = FramingFault("torn document: x").to_error()
    assert error.code == "read_error" and str(error) == "torn document: x"


def test_a_spoiled_frame_cut_by_a_quiet_line_does_not_swallow_the_next_document() -> None:
    # Found by hypothesis: STX, a garbage line, silence; the next plain document must still read.
    assembler = MrzFrameAssembler()
    assembler.feed(b"\x02\x00")
    assert len(faults(assembler.flush())) == 1
    assert documents(assembler.feed(encode_document(SPECIMEN_TD1))) == [SPECIMEN_TD1]


def test_a_spoiled_frame_ended_by_etx_does_not_swallow_the_next_document() -> None:
    assembler = MrzFrameAssembler()
    events = assembler.feed(b"\x02\xfe\xfe\r\x03" + encode_document(SPECIMEN_TD3))
    assert len(faults(events)) == 1
    assert documents(events) == [SPECIMEN_TD3]
