"""DG15, the active-authentication public key (ICAO 9303 part 10 section 4.7.15 and part 11
section 6.1): tag 6F around a DER SubjectPublicKeyInfo, RSA or EC.
"""

from __future__ import annotations

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)

from drivers.emrtd import tlv
from drivers.emrtd.lds.files import DG15
from drivers.emrtd.tlv import TlvError

ActiveAuthenticationKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey


def parse_dg15(data: bytes) -> ActiveAuthenticationKey:
    """The public key in DG15; raises TlvError when it is neither RSA nor EC."""
    try:
        key = load_der_public_key(tlv.unwrap(data, DG15.tag))
    except (ValueError, UnsupportedAlgorithm) as exc:  # a curve cryptography does not know
        raise TlvError(f"DG15 public key does not parse: {exc}") from exc
    if not isinstance(key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey):
        raise TlvError(f"DG15 holds a {type(key).__name__}, not RSA or EC")
    return key


def encode_dg15(key: ActiveAuthenticationKey) -> bytes:
    der = key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return tlv.encode(DG15.tag, der)
