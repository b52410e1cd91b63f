"""Identity core (R1): ICAO 9303 MRZs, CPR numbers, transliteration and the document rules.

Pure Python with no I/O: every function takes plain values (lines of text, dates, a register
``Person``) and returns small frozen results or reason codes, so the journey, the CLI and the
drivers share one implementation and tests run in milliseconds.
"""
