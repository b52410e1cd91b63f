"""Properties of the MRZ reassembler: chunking never changes the result; bytes never crash it."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.mrz_reader.framing import (
    DOCUMENT_CODES,
    LINES_PER_DOCUMENT,
    MRZ_CHARSET,
    FramedDocument,
    FramingFault,
    MrzFrameAssembler,
    reassemble,
)
from drivers.sim.reader.mrz_reader_device import LINE_ENDINGS, encode_document
from kiosk.errors import ReadError

MRZ_CHARS = "".join(sorted(MRZ_CHARSET))


@st.composite
def mrz_documents(draw: st.DrawFn) -> tuple[str, ...]:
    width = draw(st.sampled_from(sorted(LINES_PER_DOCUMENT)))
    first = draw(st.sampled_from(sorted(DOCUMENT_CODES))) + draw(
        st.text(MRZ_CHARS, min_size=width - 1, max_size=width - 1)
    )
    rest = [
        draw(st.text(MRZ_CHARS, min_size=width, max_size=width))
        for _ in range(LINES_PER_DOCUMENT[width] - 1)
    ]
    return (first, *rest)


# Noise a reader emits between documents: short banners and control bytes, never MRZ-like.
noise_lines = st.binary(max_size=12).filter(lambda b: not set(b) & {0x02, 0x03, 0x0A, 0x0D})


@st.composite
def valid_streams(draw: st.DrawFn) -> tuple[bytes, list[tuple[str, ...]]]:
    docs = draw(st.lists(mrz_documents(), max_size=5))
    stream = b""
    for doc in docs:
        for noise in draw(st.lists(noise_lines, max_size=2)):
            stream += noise + b"\r\n"
        stream += encode_document(
            doc, framed=draw(st.booleans()), line_ending=draw(st.sampled_from(sorted(LINE_ENDINGS)))
        )
    return stream, docs


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(data) + 1) for cut in cuts})
    bounds = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


@settings(max_examples=300, deadline=None)
@given(valid_streams(), st.lists(st.integers(min_value=0), max_size=30))
def test_any_chunking_of_a_valid_stream_yields_the_same_documents(stream_docs, cuts) -> None:
    stream, docs = stream_docs
    assembler = MrzFrameAssembler()
    events = []
    for piece in split(stream, cuts):
        events += assembler.feed(piece)
    events += assembler.flush()
    assert events == reassemble(stream)
    assert [event.lines for event in events] == docs
    assert all(isinstance(event, FramedDocument) for event in events)


def read_all(stream: bytes, cuts: list[int]) -> list[tuple[str, ...]]:
    """What a driver does with events: documents pass, faults raise ReadError."""
    assembler = MrzFrameAssembler()
    read: list[tuple[str, ...]] = []
    events = [event for piece in split(stream, cuts) for event in assembler.feed(piece)]
    for event in events + assembler.flush():
        if isinstance(event, FramingFault):
            raise event.to_error()
        read.append(event.lines)
    return read


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=400), st.lists(st.integers(min_value=0), max_size=20))
def test_arbitrary_bytes_raise_nothing_but_read_error(data: bytes, cuts: list[int]) -> None:
    try:
        documents = read_all(data, cuts)
    except ReadError as exc:
        assert str(exc)
        return
    for lines in documents:
        assert len(lines) == LINES_PER_DOCUMENT[len(lines[0])]
        assert all(set(line) <= MRZ_CHARSET and len(line) == len(lines[0]) for line in lines)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), valid_streams())
def test_a_valid_document_after_garbage_and_a_quiet_gap_is_always_read(junk, stream_docs) -> None:
    stream, docs = stream_docs
    assembler = MrzFrameAssembler()
    assembler.feed(junk)
    assembler.flush()  # the reader went quiet: whatever the junk started is over
    events = assembler.feed(stream) + assembler.flush()
    assert [e.lines for e in events if isinstance(e, FramedDocument)] == docs
    assert not assembler.pending


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_a_quiet_gap_leaves_no_trace_of_what_came_before(junk: bytes, after: bytes) -> None:
    assembler = MrzFrameAssembler()
    assembler.feed(junk)
    assembler.flush()
    assert assembler.feed(after) + assembler.flush() == reassemble(after)


def test_every_single_byte_alone_is_harmless() -> None:
    for byte in range(256):
        for event in reassemble(bytes([byte])):
            assert isinstance(event, FramingFault), byte
