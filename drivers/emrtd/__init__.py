"""eMRTD protocol code (ICAO 9303 parts 10 and 11): pure code over bytes behind an ApduTransport.

TLV and DER encoding, Basic Access Control, secure messaging, the logical data structure (LDS)
files, passive and active authentication, and the reading sequence. Only
:mod:`drivers.emrtd.pcsc_chip_reader` touches PC/SC; everything else works on bytes, with
randomness and the clock injected so the ICAO worked examples reproduce byte for byte.
"""
