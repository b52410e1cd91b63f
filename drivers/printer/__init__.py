"""The thermal receipt printer: ESC/POS layouts, status decoding and ``EscposReceiptPrinter``.

``EscposReceiptPrinter(url)`` implements :class:`kiosk.ports.ReceiptPrinter` over python-escpos
for ``tcp://``, ``serial://`` and ``usb://`` URLs; its simulator twin is
:class:`drivers.sim.printer.escpos_printer_device.EscposPrinterDevice`.
"""

from drivers.printer.receipt_printer import EscposReceiptPrinter

__all__ = ["EscposReceiptPrinter"]
