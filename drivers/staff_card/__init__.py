"""The staff card: the kiosk's client of the municipal staff smart card, over PC/SC.

``protocol`` holds the card's commands and the verification of its answers (pure, over an
ApduTransport); ``reader`` is PcscStaffCardReader, the StaffCardReader port over a PC/SC reader.
"""
