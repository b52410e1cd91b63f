"""The document camera simulator: the reader's glass as a still image file that
OpenCvDocumentCamera reads, on which the simulator lays photographed cards.

:meth:`DocumentGlass.lay` draws a card (:mod:`drivers.sim.camera.card_render`) and photographs
it on the glass (:mod:`drivers.sim.camera.card_photo`); :meth:`DocumentGlass.clear` leaves the
glass empty. The file is replaced atomically, so the camera never reads half a photo.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PIL import Image

from drivers.sim.camera.card_photo import GLASS, PHOTO_SIZE, Scene, photograph
from drivers.sim.camera.card_render import available_fonts, render_card
from kiosk.identity.camera_documents import CameraDocument

GLASS_FILE = "glass.jpg"
DEFAULT_FONT = "dejavu-sans"


class DocumentGlass:
    """The simulated glass in a folder of its own, removed on ``stop``."""

    def __init__(self, folder: Path | None = None) -> None:
        self._owned = folder is None
        self.folder = folder or Path(tempfile.mkdtemp(prefix="kiosk-glass-"))
        self.path = self.folder / GLASS_FILE
        self.clear()

    @property
    def url(self) -> str:
        return f"camera://{self.path}"

    def lay(
        self,
        document: CameraDocument,
        *,
        font: str = DEFAULT_FONT,
        scene: Scene | None = None,
        portrait: Image.Image | None = None,
    ) -> None:
        """Lay the card of ``document`` on the glass, photographed under ``scene``."""
        card = render_card(document, available_fonts()[font], portrait)
        self._write(photograph(card, scene or Scene()))

    def clear(self) -> None:
        """Take every card off the glass."""
        self._write(Image.new("RGB", PHOTO_SIZE, GLASS))

    def stop(self) -> None:
        if self._owned:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, photo: Image.Image) -> None:
        partial = self.path.with_suffix(".part.jpg")
        photo.save(partial, "JPEG", quality=90)
        os.replace(partial, self.path)
