"""Turn a printout's blocks into one ESC/POS job: pure functions, bytes out, no I/O.

Every job starts with ESC @ and then selects code page PC865 (Nordic), because ESC @ puts the
printer back on PC437, where æ, ø and å do not exist. It enables Automatic Status Back so the
printer reports paper-out while the job runs, and it ends with a print-completed request
(``GS ( H`` fn 48), answered only once the whole job is on paper. Text mode only: no raster.
"""

from __future__ import annotations

from drivers.printer import codes
from drivers.printer.document import FONT_NUMBERS, Block, Cut, Feed, LineSpacing, Style, TextLine
from drivers.printer.status import process_id

ALIGN_NUMBERS = {"left": codes.ALIGN_LEFT, "center": codes.ALIGN_CENTER, "right": codes.ALIGN_RIGHT}
CUT_FEED_DOTS = 64  # 8 mm from the last line to the cutter blade
MAX_FEED_DOTS = 255
UNENCODABLE = "?"


def job_header() -> bytes:
    """ESC @, code page PC865, ASB on: what starts every job."""
    return (
        codes.INIT
        + codes.SELECT_CODE_PAGE
        + bytes((codes.KIOSK_CODE_PAGE,))
        + codes.ASB_ENABLE
        + bytes((codes.ASB_KIOSK_FLAGS,))
    )


def completion_request(job_number: int) -> bytes:
    """``GS ( H`` asking for the process ID response of ``job_number`` once printed."""
    return codes.PROCESS_ID_REQUEST + process_id(job_number)


def encode_text(text: str) -> bytes:
    """Text in PC865; characters it lacks print as ``?`` rather than fail a credential job."""
    return text.encode(codes.KIOSK_CODEC, errors="replace")


def encode_blocks(blocks: list[Block]) -> bytes:
    """The ESC/POS bytes of the blocks alone, sending a mode only when it changes."""
    out = bytearray()
    current = Style()
    for block in blocks:
        if isinstance(block, TextLine):
            out += _style_change(current, block.style)
            current = block.style
            out += encode_text(block.text) + codes.LF
        elif isinstance(block, LineSpacing):
            if block.dots is None:
                out += codes.LINE_SPACING_DEFAULT
            else:
                out += codes.LINE_SPACING_SET + bytes((block.dots,))
        elif isinstance(block, Feed):
            remaining = block.dots
            while remaining > 0:
                step = min(remaining, MAX_FEED_DOTS)
                out += codes.FEED_DOTS + bytes((step,))
                remaining -= step
        elif isinstance(block, Cut):
            mode = codes.CUT_FEED_PARTIAL if block.partial else codes.CUT_FEED_FULL
            out += codes.CUT + bytes((mode, CUT_FEED_DOTS))
    return bytes(out)


def encode_job(blocks: list[Block], job_number: int) -> bytes:
    """A whole job: header, the blocks, and the print-completed request."""
    return job_header() + encode_blocks(blocks) + completion_request(job_number)


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
