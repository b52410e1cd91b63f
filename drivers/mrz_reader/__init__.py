"""MRZ document reader: the serial OCR reader driver and its byte-stream framing."""
