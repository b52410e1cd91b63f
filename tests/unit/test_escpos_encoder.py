"""The ESC/POS job encoder and the simulator's interpreter, over bytes only (no socket)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.printer import codes
from drivers.printer.document import Cut, Feed, LineSpacing, Style, TextLine
from drivers.printer.encoder import encode_blocks, encode_job, encode_text, job_header
from drivers.sim.printer.escpos_interpreter import EscposInterpreter
from drivers.sim.printer.escpos_paper import TORN_MARK, Page


def _print(data: bytes) -> tuple[list[Page], list[bytes]]:
    pages: list[Page] = []
    completed: list[bytes] = []
    EscposInterpreter(on_page=pages.append, on_process_id=completed.append).feed(data)
    return pages, completed


def test_every_job_selects_pc865_right_after_init() -> None:
    job = encode_job([TextLine("x")], 7)
    assert job.startswith(codes.INIT + codes.SELECT_CODE_PAGE + bytes((codes.CODE_PAGE_PC865,)))


def test_danish_letters_are_pc865_bytes() -> None:
    assert encode_text("æøåÆØÅ") == bytes((0x91, 0x9B, 0x86, 0x92, 0x9D, 0x8F))


def test_letters_outside_pc865_print_as_question_mark() -> None:
    assert encode_text("Łukasz") == b"?ukasz"


def test_job_ends_with_a_print_completed_request_for_its_number() -> None:
    assert encode_job([Cut()], 42).endswith(codes.PROCESS_ID_REQUEST + b"0042")


def test_style_is_sent_only_when_it_changes() -> None:
    bold = Style(bold=True)
    data = encode_blocks([TextLine("a", bold), TextLine("b", bold)])
    assert data.count(codes.BOLD) == 1


def test_danish_text_survives_encoder_and_interpreter() -> None:
    pages, _ = _print(job_header() + encode_blocks([TextLine("Blåbærgrød på ø"), Cut()]))
    assert pages[0].text.splitlines()[0] == "Blåbærgrød på ø"


def test_without_the_code_page_the_letters_come_out_wrong() -> None:
    pages, _ = _print(codes.INIT + encode_text("æøå") + codes.LF + codes.CUT + b"\x00")
    assert "æøå" not in pages[0].text


def test_interpreter_reports_the_process_id() -> None:
    _, completed = _print(encode_job([TextLine("x"), Cut()], 1234))
    assert completed == [b"1234"]


def test_interpreter_takes_a_stream_split_anywhere() -> None:
    job = encode_job([TextLine("Hej æøå", Style(font="b", bold=True)), Feed(10), Cut()], 5)
    pages: list[Page] = []
    interpreter = EscposInterpreter(on_page=pages.append)
    for index in range(len(job)):
        interpreter.feed(job[index : index + 1])
    assert pages[0].text.strip() == "Hej æøå"
    run = pages[0].lines[0].runs[0]
    assert run.style.bold and run.style.font == codes.FONT_B


def test_interpreter_wraps_a_line_longer_than_the_paper() -> None:
    pages, _ = _print(job_header() + encode_blocks([TextLine("x" * 50), Cut()]))
    assert pages[0].text.splitlines()[:2] == ["x" * 48, "xx"]


def test_double_size_halves_the_columns() -> None:
    big = Style(width=2, height=2)
    pages, _ = _print(job_header() + encode_blocks([TextLine("y" * 25, big), Cut()]))
    assert [len(line) for line in pages[0].text.splitlines()[:2]] == [24, 1]


def test_line_spacing_reaches_the_paper() -> None:
    blocks = [LineSpacing(20), TextLine("a", Style(font="b")), LineSpacing(None), Cut()]
    pages, _ = _print(job_header() + encode_blocks(blocks))
    assert pages[0].lines[0].height == 20


def test_raster_image_is_skipped_whole() -> None:
    raster = codes.RASTER_IMAGE + bytes((0, 2, 0, 2, 0)) + b"\x0a\x0a\x0a\x0a"
    pages, _ = _print(raster + b"after\n" + codes.CUT + b"\x00")
    assert pages[0].text.splitlines() == ["[image]", "after"]


def test_torn_page_ends_with_the_torn_mark() -> None:
    interpreter = EscposInterpreter()
    interpreter.feed(b"half a card\n")
    page = interpreter.tear()
    assert page.torn and page.text.endswith(TORN_MARK)


PC865_TEXT = st.text(
    alphabet=st.characters(codec="cp865", min_codepoint=0x20, exclude_characters="\x7f"),
    max_size=40,
)


@given(PC865_TEXT.filter(lambda text: text.strip() == text and text))
def test_any_pc865_text_survives_encoder_and_interpreter(text: str) -> None:
    pages, _ = _print(job_header() + encode_blocks([TextLine(text, Style(font="b")), Cut()]))
    assert pages[0].text.splitlines()[0] == text


@given(st.binary(max_size=300))
def test_interpreter_never_crashes_on_any_bytes(data: bytes) -> None:
    interpreter = EscposInterpreter()
    interpreter.feed(data)
    assert interpreter.tear().number >= 1
