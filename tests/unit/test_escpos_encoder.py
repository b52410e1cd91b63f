"""The ESC/POS job encoder and the simulator's interpreter, over bytes only (no socket).

The code page numbers are checked against python-escpos's capabilities database: CP865 is
ESC t 5 on an Epson TM-T88V and ESC t 9 on a Star TSP600.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.printer import codes
from drivers.printer.document import Cut, Feed, LineSpacing, Style, TextLine
from drivers.printer.encoder import (
    completion_request,
    encode_blocks,
    encode_job,
    job_header,
    line_code_page,
)
from drivers.printer.profile import load_profile
from drivers.sim.printer.escpos_interpreter import EscposInterpreter
from drivers.sim.printer.escpos_model import simulated_model
from drivers.sim.printer.escpos_paper import TORN_MARK, Page, Paper

TM_T88V = load_profile("TM-T88V")
TM_T20II = load_profile("TM-T20II")


def _interpreter(profile: str = "TM-T20II", **callbacks: object) -> EscposInterpreter:
    model = simulated_model(profile)
    return EscposInterpreter(
        paper=Paper(model.geometry), code_pages=model.code_pages, cutter=model.cutter,
        **callbacks,  # type: ignore[arg-type]
    )  # fmt: skip


def _print(data: bytes, profile: str = "TM-T20II") -> tuple[list[Page], list[bytes]]:
    pages: list[Page] = []
    completed: list[bytes] = []
    _interpreter(profile, on_page=pages.append, on_process_id=completed.append).feed(data)
    return pages, completed


def test_danish_line_selects_cp865_by_the_profiles_number() -> None:
    select = codes.SELECT_CODE_PAGE
    assert select + bytes((5,)) in encode_blocks([TextLine("æøå")], TM_T88V, "da")
    assert select + bytes((9,)) in encode_blocks([TextLine("æøå")], load_profile("TSP600"), "da")


def test_danish_letters_are_pc865_bytes() -> None:
    assert line_code_page("æøåÆØÅ", TM_T88V, "da") == (
        5,
        bytes((0x91, 0x9B, 0x86, 0x92, 0x9D, 0x8F)),
    )


def test_a_letter_cp865_lacks_takes_another_code_page_of_the_profile() -> None:
    number, data = line_code_page("Łukasz", TM_T88V, "da") or (None, b"")
    assert number == TM_T88V.code_pages["CP852"] and b"?" not in data


def test_a_line_no_code_page_encodes_is_a_raster_line_never_a_question_mark() -> None:
    simple = load_profile("simple")  # CP437 only: no ø
    data = encode_blocks([TextLine("Søren")], simple, "da")
    assert codes.RASTER_IMAGE in data and b"S?ren" not in data and b"ren\n" not in data
    pages, _ = _print(data + codes.CUT + b"\x00")
    assert pages[0].text.splitlines()[0] == "[image]"


def test_code_page_is_sent_only_when_it_changes() -> None:
    data = encode_blocks([TextLine("æ"), TextLine("ø"), TextLine("plain")], TM_T88V, "da")
    assert data.count(codes.SELECT_CODE_PAGE) == 1


def test_job_ends_with_the_trailer_it_is_given() -> None:
    job = encode_job([Cut()], TM_T88V, trailer=completion_request(42))
    assert job.endswith(codes.PROCESS_ID_REQUEST + b"0042")


def test_a_printer_without_a_cutter_gets_a_tear_off_line_and_no_cut() -> None:
    pos5890 = load_profile("POS-5890")
    data = encode_blocks([TextLine("x"), Cut()], pos5890)
    assert codes.CUT not in data
    assert ("- " * 16).strip().encode() in data


def test_style_is_sent_only_when_it_changes() -> None:
    bold = Style(bold=True)
    data = encode_blocks([TextLine("a", bold), TextLine("b", bold)], TM_T20II)
    assert data.count(codes.BOLD) == 1


def test_danish_text_survives_encoder_and_interpreter() -> None:
    pages, _ = _print(job_header() + encode_blocks([TextLine("Blåbærgrød på ø"), Cut()], TM_T20II))
    assert pages[0].text.splitlines()[0] == "Blåbærgrød på ø"


def test_danish_text_survives_on_a_star_code_page_table() -> None:
    star = load_profile("TSP600")
    pages, _ = _print(job_header() + encode_blocks([TextLine("Ærø"), Cut()], star), "TSP600")
    assert pages[0].text.splitlines()[0] == "Ærø"


def test_without_the_code_page_the_letters_come_out_wrong() -> None:
    pages, _ = _print(codes.INIT + "æøå".encode("cp865") + codes.LF + codes.CUT + b"\x00")
    assert "æøå" not in pages[0].text


def test_interpreter_reports_the_process_id() -> None:
    _, completed = _print(
        encode_job([TextLine("x"), Cut()], TM_T20II, trailer=completion_request(1234))
    )
    assert completed == [b"1234"]


def test_interpreter_takes_a_stream_split_anywhere() -> None:
    blocks = [TextLine("Hej æøå", Style(font="b", bold=True)), Feed(10), Cut()]
    job = encode_job(blocks, TM_T20II, trailer=completion_request(5))
    pages: list[Page] = []
    interpreter = _interpreter(on_page=pages.append)
    for index in range(len(job)):
        interpreter.feed(job[index : index + 1])
    assert pages[0].text.strip() == "Hej æøå"
    run = pages[0].lines[0].runs[0]
    assert run.style.bold and run.style.font == codes.FONT_B


def test_interpreter_wraps_a_line_longer_than_the_profiles_columns() -> None:
    pages, _ = _print(job_header() + encode_blocks([TextLine("x" * 50), Cut()], TM_T88V), "TM-T88V")
    assert pages[0].text.splitlines()[:2] == ["x" * 42, "x" * 8]


def test_double_size_halves_the_columns() -> None:
    big = Style(width=2, height=2)
    pages, _ = _print(job_header() + encode_blocks([TextLine("y" * 25, big), Cut()], TM_T20II))
    assert [len(line) for line in pages[0].text.splitlines()[:2]] == [24, 1]


def test_line_spacing_reaches_the_paper() -> None:
    blocks = [LineSpacing(20), TextLine("a", Style(font="b")), LineSpacing(None), Cut()]
    pages, _ = _print(job_header() + encode_blocks(blocks, TM_T20II))
    assert pages[0].lines[0].height == 20


def test_raster_image_is_skipped_whole() -> None:
    raster = codes.RASTER_IMAGE + bytes((0, 2, 0, 2, 0)) + b"\x0a\x0a\x0a\x0a"
    pages, _ = _print(raster + b"after\n" + codes.CUT + b"\x00")
    assert pages[0].text.splitlines() == ["[image]", "after"]


def test_torn_page_ends_with_the_torn_mark() -> None:
    interpreter = _interpreter()
    interpreter.feed(b"half a card\n")
    page = interpreter.tear()
    assert page.torn and page.text.endswith(TORN_MARK)


PC865_TEXT = st.text(
    alphabet=st.characters(codec="cp865", min_codepoint=0x20, exclude_characters="\x7f"),
    max_size=40,
)


@given(PC865_TEXT.filter(lambda text: text.strip() == text and text))
def test_any_pc865_text_survives_encoder_and_interpreter(text: str) -> None:
    blocks = [TextLine(text, Style(font="b")), Cut()]
    pages, _ = _print(job_header() + encode_blocks(blocks, TM_T20II))
    assert pages[0].text.splitlines()[0] == text


@given(st.binary(max_size=300))
def test_interpreter_never_crashes_on_any_bytes(data: bytes) -> None:
    interpreter = _interpreter()
    interpreter.feed(data)
    assert interpreter.tear().number >= 1
