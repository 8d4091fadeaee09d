"""Replays envelope-v1.json against a minimal Python reading of credential-envelope.md.

A reference for GET INN's Python services, not a library: it shows every check the spec asks for.
Needs the `cryptography` package. Usage: python3 replay_envelope_v1.py [path/to/envelope-v1.json]
"""
import base64
import json
import re
import sys
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ID = re.compile(r"[A-Za-z0-9._-]+")
B64URL = re.compile(r"[A-Za-z0-9_-]*")
FIELDS = {"v", "alg", "kid", "iv", "ct", "tag"}


class DecryptionError(Exception):
    """One generic error for every refusal."""


def b64url(text):
    """Canonical unpadded base64url only (RFC 4648 section 5)."""
    if not isinstance(text, str) or not B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise DecryptionError()
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).decode().rstrip("=") != text:
        raise DecryptionError()
    return raw


def associated_data(kid, context):
    entries = sorted(context.items())
    return json.dumps(["getinn.credential.v1", kid, entries], separators=(",", ":"), ensure_ascii=False).encode()


def open_envelope(keys, envelope, context):
    if not isinstance(envelope, dict) or set(envelope) != FIELDS:
        raise DecryptionError()
    v, kid = envelope["v"], envelope["kid"]
    # bool is a subclass of int in Python: `true` must not pass for 1.
    if type(v) is not int or v != 1 or envelope["alg"] != "A256GCM":
        raise DecryptionError()
    if not isinstance(kid, str) or len(kid) > 64 or not ID.fullmatch(kid) or kid not in keys:
        raise DecryptionError()
    iv, ct, tag = b64url(envelope["iv"]), b64url(envelope["ct"]), b64url(envelope["tag"])
    if len(iv) != 12 or len(tag) != 16:
        raise DecryptionError()
    try:
        plaintext = AESGCM(keys[kid]).decrypt(iv, ct + tag, associated_data(kid, context))
        return json.loads(plaintext.decode("utf-8"))
    except Exception:
        raise DecryptionError() from None


def main(path):
    vectors = json.loads(Path(path).read_text(encoding="utf-8"))
    keys = {kid: base64.b64decode(key, validate=True) for kid, key in vectors["keys"].items()}
    for case in vectors["valid"]:
        envelope, kid = case["envelope"], case["envelope"]["kid"]
        aad = associated_data(kid, case["context"])
        assert aad.hex() == case["associatedDataHex"], case["name"]
        assert open_envelope(keys, envelope, case["context"]) == case["value"], case["name"]
        sealed = AESGCM(keys[kid]).encrypt(b64url(envelope["iv"]), case["plaintext"].encode("utf-8"), aad)
        assert sealed == b64url(envelope["ct"]) + b64url(envelope["tag"]), case["name"]
    for case in vectors["invalid"]:
        try:
            open_envelope(keys, case["envelope"], case["context"])
        except DecryptionError:
            continue
        raise AssertionError(f"accepted: {case['name']}")
    print(f"ok: {len(vectors['valid'])} valid, {len(vectors['invalid'])} invalid")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("envelope-v1.json"))
