"""The PC/SC smart-card reader driver (pyscard): reader, card monitor and reader status.

``reader``, ``monitor`` and ``status`` are the only modules of the kiosk that import
``smartcard``; the APDUs and the ApduTransport port the reader implements are the pure code of
:mod:`drivers.iso7816`, shared with the card protocols and the emulators. This package file
imports nothing on purpose.
"""
