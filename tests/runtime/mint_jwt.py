#!/usr/bin/env python3
"""Signs JSON Web Tokens and prints public JWKs, for tests of token verification.

  mint_jwt.py sign --key KEY --alg ALG [--kid KID] [--header JSON] CLAIMS_JSON
  mint_jwt.py jwk --key KEY [--kid KID]

sign prints a compact JWS. KEY is a PEM private key for RS*, PS*, ES* and EdDSA, and the raw
secret bytes for HS256 (so any file, a PEM public key included, can serve as an HMAC secret).
ALG "none" gives an unsigned token with an empty signature. --header merges extra members into
the protected header, and a member set to null is removed from it.

jwk prints the public JWK of a PEM private or public key (RSA, EC P-256/P-384, Ed25519), or an
"oct" JWK of a secret when the file is not PEM.
"""

import argparse
import base64
import hashlib
import hmac
import json
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def uint_bytes(value: int, length: int = 0) -> bytes:
    length = max(length, (value.bit_length() + 7) // 8)
    return value.to_bytes(length, "big")


def load_private(data: bytes):
    return serialization.load_pem_private_key(data, password=None)


def sign(signing_input: bytes, alg: str, key_data: bytes) -> bytes:
    if alg == "none":
        return b""
    if alg == "HS256":
        return hmac.new(key_data, signing_input, hashlib.sha256).digest()
    key = load_private(key_data)
    if alg in ("RS256", "RS384", "RS512"):
        digest = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}[alg]
        return key.sign(signing_input, padding.PKCS1v15(), digest)
    if alg == "PS256":
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        return key.sign(signing_input, pss, hashes.SHA256())
    if alg in ("ES256", "ES384"):
        digest, size = (hashes.SHA256(), 32) if alg == "ES256" else (hashes.SHA384(), 48)
        r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(digest)))
        return uint_bytes(r, size) + uint_bytes(s, size)
    if alg == "EdDSA":
        return key.sign(signing_input)
    raise SystemExit(f"mint_jwt.py: unknown algorithm {alg!r}")


def public_jwk(key_data: bytes, kid: str) -> dict:
    if b"-----BEGIN" not in key_data:
        jwk = {"kty": "oct", "k": b64url(key_data)}
    else:
        try:
            key = load_private(key_data).public_key()
        except ValueError:
            key = serialization.load_pem_public_key(key_data)
        if isinstance(key, rsa.RSAPublicKey):
            numbers = key.public_numbers()
            jwk = {"kty": "RSA", "n": b64url(uint_bytes(numbers.n)), "e": b64url(uint_bytes(numbers.e))}
        elif isinstance(key, ec.EllipticCurvePublicKey):
            size = (key.curve.key_size + 7) // 8
            crv = {"secp256r1": "P-256", "secp384r1": "P-384"}[key.curve.name]
            numbers = key.public_numbers()
            jwk = {"kty": "EC", "crv": crv, "x": b64url(uint_bytes(numbers.x, size)),
                   "y": b64url(uint_bytes(numbers.y, size))}
        elif isinstance(key, ed25519.Ed25519PublicKey):
            raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
        else:
            raise SystemExit("mint_jwt.py: unsupported key type")
    if kid:
        jwk["kid"] = kid
    return jwk


def main() -> int:
    parser = argparse.ArgumentParser(description="Sign JWTs and print JWKs for tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    sign_command = commands.add_parser("sign", help="print a compact JWS")
    sign_command.add_argument("--key", required=True, help="PEM private key, or secret file for HS256")
    sign_command.add_argument("--alg", required=True)
    sign_command.add_argument("--kid", default="")
    sign_command.add_argument("--header", default="{}", help="JSON object merged into the header")
    sign_command.add_argument("claims", help="the payload, a JSON object")
    jwk_command = commands.add_parser("jwk", help="print the public JWK of a key")
    jwk_command.add_argument("--key", required=True)
    jwk_command.add_argument("--kid", default="")
    args = parser.parse_args()

    with open(args.key, "rb") as key_file:
        key_data = key_file.read()
    if args.command == "jwk":
        print(json.dumps(public_jwk(key_data, args.kid)))
        return 0

    header = {"alg": args.alg, "typ": "JWT"}
    if args.kid:
        header["kid"] = args.kid
    for name, value in json.loads(args.header).items():
        if value is None:
            header.pop(name, None)
        else:
            header[name] = value
    claims = json.loads(args.claims)
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(claims).encode())).encode("ascii")
    signature = sign(signing_input, args.alg, key_data)
    sys.stdout.write(signing_input.decode("ascii") + "." + b64url(signature) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
