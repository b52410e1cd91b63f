"""``kiosk face compare A B``: compare the face in photo A (the camera's frame) with the face in
photo B (the document's: a chip's DG2 as JPEG or JPEG 2000, or a licence's printed photo).

Prints ``{"match": bool, "distance": float, "threshold": float}`` (with ``--json``; else one
line). Exit 2 with a message in ``--language`` when a photo holds no face or is no image; exit 1
when the face model is not installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.main import emit_json
from app.faces import DEFAULT_THRESHOLD, compare_photo_files
from kiosk.errors import BadInputError
from kiosk.i18n import gettext
from kiosk.identity.faces import NoFace


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("face", help="compare two photos' faces (dlib)")
    actions = parser.add_subparsers(dest="action", required=True)
    compare = actions.add_parser("compare", help="the face of photo A against photo B")
    compare.add_argument("live", type=Path, metavar="A", help="the live photo (JPEG, PNG)")
    compare.add_argument("document", type=Path, metavar="B", help="the document's photo")
    compare.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    compare.add_argument("--json", action="store_true", help="JSON out (errors too)")
    compare.add_argument("--language", choices=("da", "en"), default="da")
    compare.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        comparison = compare_photo_files(args.live, args.document, args.threshold)
    except BadInputError as exc:
        path = exc.detail
        if isinstance(exc, NoFace):
            path = str(args.document if exc.photo == "document" else args.live)
        message = gettext(args.language, f"face.cli.{exc.code}", path=path)
        raise BadInputError(message, code=exc.code) from exc
    if args.json:
        emit_json(comparison.to_json())
        return 0
    verdict = "face.cli.match" if comparison.match else "face.cli.mismatch"
    print(
        gettext(
            args.language,
            verdict,
            distance=f"{comparison.distance:.3f}",
            threshold=f"{comparison.threshold:.2f}",
        )
    )
    return 0
