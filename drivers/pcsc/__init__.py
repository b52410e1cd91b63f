"""The PC/SC smart-card reader driver (pyscard) and the pure APDU code it shares with emulators.

``apdu`` and ``transport`` are pure and import nothing from pyscard, so card emulators and the
chip protocol code use them freely; ``reader``, ``monitor`` and ``status`` are the only modules
of the kiosk that import ``smartcard``. This package file imports nothing on purpose.
"""
