"""Printer profiles from python-escpos's capabilities database: columns, dots, code pages, cutter.

A printer is a URL plus a profile (``TM-T88V``, ``TM-T20II``, ``POS-5890``, ``TSP600``,
``default``...). :func:`load_profile` reads one through ``escpos.capabilities.get_profile`` and
keeps what the layouts and the encoder need. A profile without a width (``default``) means 512
dots; one without ``paperFullCut``/``paperPartCut`` has no cutter. :func:`profile_for_model`
maps the model name a printer reports (``GS I``) to a profile.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

from drivers.printer.escpos_cache import prepare_capabilities_cache
from kiosk.errors import ConfigError

prepare_capabilities_cache()  # before python-escpos loads: see drivers/printer/escpos_cache.py
from escpos import capabilities  # noqa: E402

DEFAULT_PROFILE = "default"
DEFAULT_DOTS = 512  # the rule for a profile without a width, e.g. ``default``
DEFAULT_DPI = 203
MM_PER_INCH = 25.4
FONT_A = "a"
FONT_B = "b"
FONT_INDEX = {FONT_A: "0", FONT_B: "1"}
# The code pages each kiosk language prefers, best first (names as in capabilities.json).
CODE_PAGE_PREFERENCE: dict[str, tuple[str, ...]] = {
    "da": ("CP865", "CP850", "CP1252"),
    "en": ("CP437", "CP850", "CP1252", "CP865"),
}
_NOT_A_NAME = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True)
class PrinterProfile:
    """What a layout and the encoder need to know of one printer model."""

    name: str
    model: str
    vendor: str
    dots: int
    dpi: int
    font_columns: dict[str, int]
    code_pages: dict[str, int]  # capabilities name (``CP865``) -> ESC t n, python codecs only
    full_cut: bool
    partial_cut: bool

    @property
    def cutter(self) -> bool:
        return self.full_cut or self.partial_cut

    def columns(self, font: str, width: int = 1) -> int:
        """Characters on one line in ``font`` at ``width`` times width (font A without B)."""
        columns = self.font_columns.get(font, self.font_columns[FONT_A])
        return columns // width

    def has_font(self, font: str) -> bool:
        return font in self.font_columns

    def dots_per_mm(self) -> float:
        return self.dpi / MM_PER_INCH

    def code_page_order(self, language: str) -> list[tuple[str, int]]:
        """The profile's code pages in the order to try them for ``language``."""
        preferred = CODE_PAGE_PREFERENCE.get(language, CODE_PAGE_PREFERENCE["da"])
        first = [(name, self.code_pages[name]) for name in preferred if name in self.code_pages]
        rest = [(name, n) for name, n in self.code_pages.items() if name not in preferred]
        return first + rest

    def summary(self) -> dict[str, object]:
        return {
            "profile": self.name,
            "model": self.model,
            "dots": self.dots,
            "columns": dict(self.font_columns),
            "cutter": self.cutter,
        }


def profile_names() -> list[str]:
    """Every profile name of the capabilities database, sorted."""
    return sorted(capabilities.CAPABILITIES["profiles"])


@functools.cache
def load_profile(name: str = DEFAULT_PROFILE) -> PrinterProfile:
    """The profile ``name`` from python-escpos's database. Raises ConfigError when unknown."""
    if name not in capabilities.CAPABILITIES["profiles"]:
        raise ConfigError(f"unknown printer profile {name!r}; known: {', '.join(profile_names())}")
    data = capabilities.get_profile(name).profile_data
    media = data.get("media", {})
    width = media.get("width", {})
    fonts = {
        font: data["fonts"][index]["columns"]
        for font, index in FONT_INDEX.items()
        if index in data.get("fonts", {}) and isinstance(data["fonts"][index].get("columns"), int)
    }
    features = data.get("features", {})
    return PrinterProfile(
        name=name,
        model=str(data.get("name", name)),
        vendor=str(data.get("vendor", "")),
        dots=_number(width.get("pixels"), DEFAULT_DOTS),
        dpi=_number(media.get("dpi"), DEFAULT_DPI),
        font_columns=fonts,
        code_pages=_code_pages(data.get("codePages", {})),
        full_cut=bool(features.get("paperFullCut")),
        partial_cut=bool(features.get("paperPartCut")),
    )


def profile_for_model(model_name: str) -> PrinterProfile | None:
    """The profile whose name or model matches what a printer reported (``GS I``), or None."""
    wanted = _key(model_name)
    if not wanted:
        return None
    names = profile_names()
    for name in names:
        if _key(name) == wanted:
            return load_profile(name)
    for name in names:
        model = str(capabilities.CAPABILITIES["profiles"][name].get("name", ""))
        if _key(model) == wanted:
            return load_profile(name)
    return None


def _key(text: str) -> str:
    return _NOT_A_NAME.sub("", text.upper())


def _number(value: object, fallback: int) -> int:
    return value if isinstance(value, int) and value > 0 else fallback


def _code_pages(table: dict[str, str]) -> dict[str, int]:
    """Name -> ESC t n for the code pages Python can encode; the first index of a name wins."""
    encodings = capabilities.CAPABILITIES["encodings"]
    pages: dict[str, int] = {}
    for index, name in sorted(table.items(), key=lambda item: int(item[0])):
        codec = encodings.get(name, {}).get("python_encode")
        if codec and name not in pages and _has_codec(codec):
            pages[name] = int(index)
    return pages


def python_codec(name: str) -> str:
    """The Python codec of a capabilities code page name (``CP865`` -> ``cp865``)."""
    codec = capabilities.CAPABILITIES["encodings"].get(name, {}).get("python_encode")
    if not codec:
        raise ValueError(f"code page {name} has no Python codec")
    return str(codec)


def _has_codec(codec: str) -> bool:
    try:
        codecs.lookup(codec)
    except LookupError:
        return False
    return True
