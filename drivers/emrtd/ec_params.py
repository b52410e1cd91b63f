"""Elliptic-curve keys as eMRTDs carry them (BSI TR-03111 section 5.1, ICAO 9303 part 11
section 9.4 and part 12): often with explicit domain parameters (prime, a, b, base point, order)
instead of a curve name. ``cryptography`` refuses explicit parameters, so they are matched here,
number for number, to the named curve they spell (python-ecdsa holds every curve's numbers),
and the key is rebuilt on that named curve. Parsing uses asn1crypto.
"""

from __future__ import annotations

from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives.asymmetric import ec
from ecdsa import curves

from drivers.emrtd.domain_params import EcGroup
from kiosk.errors import ChipError

# asn1crypto's curve names -> (python-ecdsa curve, cryptography curve)
NAMED_CURVES: dict[str, tuple[curves.Curve, ec.EllipticCurve]] = {
    "secp192r1": (curves.NIST192p, ec.SECP192R1()),
    "secp224r1": (curves.NIST224p, ec.SECP224R1()),
    "secp256r1": (curves.NIST256p, ec.SECP256R1()),
    "secp384r1": (curves.NIST384p, ec.SECP384R1()),
    "secp521r1": (curves.NIST521p, ec.SECP521R1()),
    "brainpoolp256r1": (curves.BRAINPOOLP256r1, ec.BrainpoolP256R1()),
    "brainpoolp384r1": (curves.BRAINPOOLP384r1, ec.BrainpoolP384R1()),
    "brainpoolp512r1": (curves.BRAINPOOLP512r1, ec.BrainpoolP512R1()),
}
UNCOMPRESSED = 0x04


class UnsupportedCurve(ChipError):
    """Domain parameters that spell no curve the kiosk knows."""

    code = "chip_unsupported_curve"


def _spells(curve: curves.Curve, specified: asn1_keys.SpecifiedECDomain) -> bool:
    fp = curve.curve
    base = bytes(specified["base"].native)
    size = (int(fp.p()).bit_length() + 7) // 8
    generator = curve.generator
    expected_base = (
        bytes((UNCOMPRESSED,))
        + int(generator.x()).to_bytes(size, "big")
        + int(generator.y()).to_bytes(size, "big")
    )
    return (
        specified["field_id"]["parameters"].native == fp.p()
        and int.from_bytes(specified["curve"]["a"].native, "big") == fp.a() % fp.p()
        and int.from_bytes(specified["curve"]["b"].native, "big") == fp.b()
        and specified["order"].native == curve.order
        and base == expected_base
    )


def curve_name(parameters: asn1_keys.ECDomainParameters) -> str:
    """The name of the curve, given by name or spelt out; raises UnsupportedCurve."""
    if parameters.name == "named":
        name = str(parameters.chosen.native)
        if name in NAMED_CURVES:
            return name
        raise UnsupportedCurve(f"curve {name} is not supported")
    if parameters.name == "specified":
        specified = parameters.chosen
        for name, (curve, _) in NAMED_CURVES.items():
            if _spells(curve, specified):
                return name
    raise UnsupportedCurve("explicit domain parameters that match no known curve")


def ec_public_key(spki: bytes) -> ec.EllipticCurvePublicKey:
    """A SubjectPublicKeyInfo's EC key, explicit parameters matched to their named curve.

    Raises UnsupportedCurve, or ChipError for bytes that are no EC SubjectPublicKeyInfo.
    """
    try:
        info = asn1_keys.PublicKeyInfo.load(spki)
        if info["algorithm"]["algorithm"].native != "ec":
            raise ChipError("the key is not an elliptic-curve key")
        name = curve_name(info["algorithm"]["parameters"])
        point = bytes(info["public_key"].native)
        return ec.EllipticCurvePublicKey.from_encoded_point(NAMED_CURVES[name][1], point)
    except (ValueError, TypeError, KeyError) as exc:
        raise ChipError(f"not an elliptic-curve public key: {exc}") from exc


def ec_group(name: str) -> EcGroup:
    """The python-ecdsa group of a named curve, for PACE and chip authentication arithmetic."""
    return EcGroup(name, NAMED_CURVES[name][0])


def explicit_spki(key: ec.EllipticCurvePublicKey) -> bytes:
    """The key's SubjectPublicKeyInfo with explicit domain parameters (as many DS and chip
    authentication keys carry them), for the emulator's test PKI."""
    name = key.curve.name.lower()
    curve = NAMED_CURVES[name][0]
    fp = curve.curve
    size = (int(fp.p()).bit_length() + 7) // 8
    generator = curve.generator
    base = (
        bytes((UNCOMPRESSED,))
        + int(generator.x()).to_bytes(size, "big")
        + int(generator.y()).to_bytes(size, "big")
    )
    specified = asn1_keys.SpecifiedECDomain(
        {
            "version": "ecdpVer1",
            "field_id": {"field_type": "prime_field", "parameters": int(fp.p())},
            "curve": {
                "a": (int(fp.a()) % int(fp.p())).to_bytes(size, "big"),
                "b": int(fp.b()).to_bytes(size, "big"),
            },
            "base": base,
            "order": int(curve.order),
            "cofactor": 1,
        }
    )
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    point = key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    info = asn1_keys.PublicKeyInfo(
        {
            "algorithm": {
                "algorithm": "ec",
                "parameters": asn1_keys.ECDomainParameters(name="specified", value=specified),
            },
            "public_key": point,
        }
    )
    return bytes(info.dump())
