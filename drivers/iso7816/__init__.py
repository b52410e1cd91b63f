"""ISO/IEC 7816-4 smart-card protocol code over bytes: APDUs, status words, the transport port.

``apdu`` holds the command and response APDU value types, the instruction bytes, the class
bytes and the status words; ``transport`` the :class:`~drivers.iso7816.transport.ApduTransport`
port that every card protocol talks through, and the behaviour stacked on it (tracing, typed
exchange). Pure code: nothing here imports pyscard, so the eMRTD and staff-card protocols, the
PC/SC driver and the card emulators all share it.
"""
