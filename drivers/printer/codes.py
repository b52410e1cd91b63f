"""ESC/POS command bytes and status bit masks, grouped by feature (Epson ESC/POS reference).

The driver, the layouts' encoder and the simulator all name bytes through this module, so no
command is written inline anywhere. Where python-escpos already names a command correctly it is
reused; the status, ASB, print-completed (``GS ( H``), transmit-status (``GS r``) and printer-ID
(``GS I``) commands it lacks are added here. Columns, dot width, code pages and the cutter of a
particular printer come from its profile (:mod:`drivers.printer.profile`), not from here.
"""

from __future__ import annotations

from escpos import constants as lib

# Control characters.
ESC = lib.ESC
GS = lib.GS
DLE = lib.DLE
EOT = b"\x04"
LF = b"\n"
CR = b"\r"
HT = b"\t"
NUL = b"\x00"

# Initialise and character code table (ESC t n).
INIT = lib.HW_INIT  # ESC @: clears the buffer and every mode, code page back to PC437
SELECT_CODE_PAGE = lib.CODEPAGE_CHANGE  # ESC t n
CODE_PAGE_PC437 = 0  # what ESC @ selects on an Epson; other numbers come from the profile

# Print modes.
SELECT_FONT = ESC + b"M"  # ESC M n, n = 0 font A, 1 font B
FONT_A = 0
FONT_B = 1
BOLD = ESC + b"E"  # ESC E n
UNDERLINE = ESC + b"-"  # ESC - n
ALIGN = ESC + b"a"  # ESC a n
ALIGN_LEFT = 0
ALIGN_CENTER = 1
ALIGN_RIGHT = 2
CHARACTER_SIZE = GS + b"!"  # GS ! n: high nibble width - 1, low nibble height - 1
PRINT_MODE = ESC + b"!"  # ESC ! n: bit 0 font B, bit 3 bold, bit 4 2h, bit 5 2w, bit 7 underline
PRINT_MODE_FONT_B = 0x01
PRINT_MODE_BOLD = 0x08
PRINT_MODE_DOUBLE_HEIGHT = 0x10
PRINT_MODE_DOUBLE_WIDTH = 0x20
PRINT_MODE_UNDERLINE = 0x80
REVERSE = GS + b"B"  # GS B n

# Line spacing and feeds (one motion unit = one dot at 203 dpi).
LINE_SPACING_DEFAULT = lib.LINESPACING_RESET  # ESC 2
LINE_SPACING_SET = ESC + b"3"  # ESC 3 n dots
DEFAULT_LINE_SPACING_DOTS = 30
FEED_LINES = ESC + b"d"  # ESC d n: print and feed n lines
FEED_DOTS = ESC + b"J"  # ESC J n: print and feed n dots

# Paper cut (GS V m, or GS V m n with a feed first).
CUT = GS + b"V"
CUT_FULL = 0
CUT_PARTIAL = 1
CUT_FULL_ASCII = 48
CUT_PARTIAL_ASCII = 49
CUT_FEED_FULL = 65
CUT_FEED_PARTIAL = 66

# Raster image and 2D codes, only parsed (skipped) by the simulator: layouts never use raster.
RASTER_IMAGE = GS + b"v0"  # GS v 0 m xL xH yL yH data
GS_PAREN = GS + b"("  # GS ( fn pL pH ...: function blocks (k = 2D codes, H = responses)
PAREN_2D_CODE = b"k"
PAREN_RESPONSE = b"H"

# Real-time status (DLE EOT n): one byte back, processed on receipt even when offline.
REALTIME_STATUS = lib.RT_STATUS  # DLE EOT
STATUS_PRINTER = 1
STATUS_OFFLINE_CAUSE = 2
STATUS_ERROR_CAUSE = 3
STATUS_PAPER_SENSOR = 4
# Fixed bits of every DLE EOT reply: 0xx1xx10.
REALTIME_FIXED_MASK = 0x93
REALTIME_FIXED_VALUE = 0x12
# n = 1, printer status.
PRINTER_OFFLINE_BIT = 0x08
PRINTER_WAITING_RECOVERY_BIT = 0x20
# n = 2, offline cause.
COVER_OPEN_BIT = 0x04
FEED_BUTTON_BIT = 0x08
PAPER_END_STOP_BIT = 0x20
ERROR_OCCURRED_BIT = 0x40
# n = 3, error cause.
CUTTER_ERROR_BIT = 0x08
UNRECOVERABLE_ERROR_BIT = 0x20
AUTO_RECOVERABLE_ERROR_BIT = 0x40
# n = 4, roll paper sensor (both bits of a pair are set together).
NEAR_END_BITS = 0x0C
PAPER_END_BITS = 0x60

# Automatic Status Back (GS a n): 4 bytes sent on every status change once enabled.
ASB_ENABLE = GS + b"a"
ASB_ONLINE = 0x02
ASB_ERROR = 0x04
ASB_PAPER = 0x08
ASB_KIOSK_FLAGS = ASB_ONLINE | ASB_ERROR | ASB_PAPER
ASB_LENGTH = 4
ASB_FIRST_FIXED_MASK = 0x93  # first byte: 0xx1xx00
ASB_FIRST_FIXED_VALUE = 0x10
ASB_OTHER_FIXED_MASK = 0x90  # bytes 2-4: 0xx0xxxx
ASB_OTHER_FIXED_VALUE = 0x00
ASB_OFFLINE_BIT = 0x08  # byte 1
ASB_COVER_OPEN_BIT = 0x20  # byte 1
ASB_CUTTER_ERROR_BIT = 0x08  # byte 2
ASB_UNRECOVERABLE_BIT = 0x20  # byte 2
ASB_AUTO_RECOVERABLE_BIT = 0x40  # byte 2
ASB_NEAR_END_BITS = 0x03  # byte 3
ASB_PAPER_END_BITS = 0x0C  # byte 3

# Print-completed request: GS ( H pL pH fn m d1..d4 with fn = m = 48 asks the printer to send
# the process ID response 37h 22h d1..d4 00h once everything before it has been printed.
PROCESS_ID_REQUEST = GS + b"(H" + bytes((6, 0, 48, 48))
PROCESS_ID_HEADER = b"\x37\x22"
PROCESS_ID_LENGTH = 4
PROCESS_ID_RESPONSE_LENGTH = 7  # header 2 + id 4 + NUL
PROCESS_ID_FUNCTION = 48
PROCESS_ID_DIGIT_LOW = 0x30  # each id byte is 30h..39h
PROCESS_ID_DIGIT_HIGH = 0x39

# Transmit status (GS r n), n = 1 paper sensor: 0xx0xxxx with near-end bits 0-1, end bits 2-3.
TRANSMIT_STATUS = GS + b"r"
TRANSMIT_PAPER = 1

TRANSMIT_FIXED_MASK = 0x90  # the GS r reply: 0xx0xxxx
TRANSMIT_FIXED_VALUE = 0x00
TRANSMIT_NEAR_END_BITS = 0x03
TRANSMIT_PAPER_END_BITS = 0x0C

# Printer ID (GS I n): n = 65 firmware, 66 maker, 67 model name; answered 5Fh, text, NUL.
PRINTER_ID = GS + b"I"
PRINTER_ID_FIRMWARE = 65
PRINTER_ID_MAKER = 66
PRINTER_ID_MODEL = 67
PRINTER_ID_HEADER = 0x5F
PRINTER_ID_MAX_TEXT = 80

# Cell sizes of the two fonts in dots (Epson font A 12 x 24, font B 9 x 17).
FONT_CELLS: dict[int, tuple[int, int]] = {FONT_A: (12, 24), FONT_B: (9, 17)}
