"""The document camera: photographs a card on its glass and reads it (OpenCV, Tesseract)."""
