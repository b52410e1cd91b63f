"""Turn a printout's blocks into one ESC/POS job for a profile: pure functions, bytes out, no I/O.

Every job starts with ESC @ (and ASB on, when the printer has it). The code page of each line
is looked up in the profile (:meth:`PrinterProfile.code_page_order`: CP865, else CP850 or
WPC1252 for Danish) and selected with ESC t n only when it changes; a line no code page of the
profile can encode is sent as a raster image (:mod:`drivers.printer.raster_line`), never with
``?``. A cut on a printer without a cutter becomes a feed and a tear-off line. The driver adds
the confirmation request that suits the printer (``GS ( H`` or ``GS r``) as the job's trailer.
"""

from __future__ import annotations

from drivers.printer import codes
from drivers.printer.document import FONT_NUMBERS, Block, Cut, Feed, LineSpacing, Style, TextLine
from drivers.printer.profile import PrinterProfile, python_codec
from drivers.printer.raster_line import raster_line
from drivers.printer.status import process_id

ALIGN_NUMBERS = {"left": codes.ALIGN_LEFT, "center": codes.ALIGN_CENTER, "right": codes.ALIGN_RIGHT}
CUT_FEED_DOTS = 64  # 8 mm from the last line to the cutter blade
TEAR_FEED_DOTS = 96  # 12 mm: the tear-off line clears the tear bar of a cutterless printer
MAX_FEED_DOTS = 255
TEAR_MARK = "- "


def job_header(*, asb: bool = True) -> bytes:
    """ESC @ and, when ``asb``, Automatic Status Back on: what starts every job."""
    asb_part = codes.ASB_ENABLE + bytes((codes.ASB_KIOSK_FLAGS,)) if asb else b""
    return codes.INIT + asb_part


def completion_request(job_number: int) -> bytes:
    """``GS ( H`` asking for the process ID response of ``job_number`` once printed."""
    return codes.PROCESS_ID_REQUEST + process_id(job_number)


def transmit_status_request() -> bytes:
    """``GS r 1``: answered only once the printer has processed everything before it."""
    return codes.TRANSMIT_STATUS + bytes((codes.TRANSMIT_PAPER,))


def line_code_page(text: str, profile: PrinterProfile, language: str) -> tuple[int, bytes] | None:
    """The ESC t number and bytes of ``text`` in the first code page of the profile that has
    every character, in the language's order; None when none has them all."""
    for name, number in profile.code_page_order(language):
        try:
            return number, text.encode(python_codec(name))
        except UnicodeEncodeError:
            continue
    return None


class _Encoder:
    """Encodes blocks one after another, remembering the style and code page in force."""

    def __init__(self, profile: PrinterProfile, language: str) -> None:
        self.profile = profile
        self.language = language
        self.style = Style()
        self.code_page: int | None = None
        self.out = bytearray()

    def block(self, block: Block) -> None:
        if isinstance(block, TextLine):
            self.text(block)
        elif isinstance(block, LineSpacing):
            if block.dots is None:
                self.out += codes.LINE_SPACING_DEFAULT
            else:
                self.out += codes.LINE_SPACING_SET + bytes((block.dots,))
        elif isinstance(block, Feed):
            remaining = block.dots
            while remaining > 0:
                step = min(remaining, MAX_FEED_DOTS)
                self.out += codes.FEED_DOTS + bytes((step,))
                remaining -= step
        elif isinstance(block, Cut):
            self.cut(block)

    def text(self, line: TextLine) -> None:
        self.out += _style_change(self.style, line.style)
        self.style = line.style
        if line.text.isascii() and self.code_page is not None:
            self.out += line.text.encode("ascii") + codes.LF
            return
        encoded = line_code_page(line.text, self.profile, self.language)
        if encoded is None:
            self.out += raster_line(line.text, self.profile.dots, line.style.height)
            return
        number, data = encoded
        if number != self.code_page:
            self.out += codes.SELECT_CODE_PAGE + bytes((number,))
            self.code_page = number
        self.out += data + codes.LF

    def cut(self, cut: Cut) -> None:
        if self.profile.cutter:
            partial = (cut.partial and self.profile.partial_cut) or not self.profile.full_cut
            mode = codes.CUT_FEED_PARTIAL if partial else codes.CUT_FEED_FULL
            self.out += codes.CUT + bytes((mode, CUT_FEED_DOTS))
            return
        tear = Style()
        columns = tear.columns(self.profile)
        self.block(Feed(CUT_FEED_DOTS))
        self.text(TextLine((TEAR_MARK * columns)[:columns], tear))
        self.block(Feed(TEAR_FEED_DOTS))


def encode_blocks(blocks: list[Block], profile: PrinterProfile, language: str = "da") -> bytes:
    """The ESC/POS bytes of the blocks alone, sending a mode only when it changes."""
    encoder = _Encoder(profile, language)
    for block in blocks:
        encoder.block(block)
    return bytes(encoder.out)


def encode_job(
    blocks: list[Block],
    profile: PrinterProfile,
    language: str = "da",
    *,
    asb: bool = True,
    trailer: bytes = b"",
) -> bytes:
    """A whole job: header, the blocks, and the confirmation request ``trailer``."""
    return job_header(asb=asb) + encode_blocks(blocks, profile, language) + trailer


def _style_change(old: Style, new: Style) -> bytes:
    out = bytearray()
    if new.font != old.font:
        out += codes.SELECT_FONT + bytes((FONT_NUMBERS[new.font],))
    if new.bold != old.bold:
        out += codes.BOLD + bytes((int(new.bold),))
    if new.underline != old.underline:
        out += codes.UNDERLINE + bytes((int(new.underline),))
    if (new.width, new.height) != (old.width, old.height):
        out += codes.CHARACTER_SIZE + bytes((((new.width - 1) << 4) | (new.height - 1),))
    if new.align != old.align:
        out += codes.ALIGN + bytes((ALIGN_NUMBERS[new.align],))
    return bytes(out)
