"""Encryption at rest for the identity of residents (ClientIdentity). See docs/privacy-casework.md.

Keys: `QN_CASEWORK_KEYS` (environment or setting) holds one or more comma-separated keys (any string of at least
32 characters; the first encrypts, all decrypt, so keys can be rotated). Without it the key is derived from
SECRET_KEY (acceptable for demos, documented as not acceptable in production).

Two token formats:
- `f1:` Fernet (AES-128-CBC + HMAC-SHA256) from the `cryptography` package, used when it is installed.
- `s1:` standard library only: a stream cipher built from HMAC-SHA256 in counter mode (the PRF-CTR construction)
  with a random 128-bit nonce, authenticated encrypt-then-MAC with a second HMAC-SHA256 key. Used when
  `cryptography` is not installed. Both formats are always readable (`s1:` everywhere, `f1:` where Fernet is).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

from django.conf import settings

try:  # pragma: no cover - depends on the environment
    from cryptography.fernet import Fernet, InvalidToken, MultiFernet
except ImportError:  # pragma: no cover
    Fernet = None
    MultiFernet = None
    InvalidToken = ValueError

NONCE = 16
TAG = 32


class DecryptionError(ValueError):
    """The stored value was not written with one of the configured keys, or was altered."""


def _master_keys() -> list[bytes]:
    raw = getattr(settings, "QN_CASEWORK_KEYS", None) or os.environ.get("QN_CASEWORK_KEYS", "")
    keys = [k.strip() for k in str(raw).split(",") if k.strip()]
    if not keys:
        keys = ["derived-from-secret-key:" + settings.SECRET_KEY]
    return [k.encode() for k in keys]


def _derive(master: bytes, label: bytes) -> bytes:
    return hmac.new(master, b"quartiersnetz.casework." + label, hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(8, "big"), hashlib.sha256).digest()
        counter += 1
    return bytes(out[:length])


def _s1_encrypt(master: bytes, plain: bytes) -> str:
    enc, mac = _derive(master, b"enc"), _derive(master, b"mac")
    nonce = secrets.token_bytes(NONCE)
    cipher = bytes(a ^ b for a, b in zip(plain, _keystream(enc, nonce, len(plain)), strict=True))
    tag = hmac.new(mac, b"s1" + nonce + cipher, hashlib.sha256).digest()
    return "s1:" + base64.urlsafe_b64encode(nonce + cipher + tag).decode()


def _s1_decrypt(master: bytes, token: str) -> bytes:
    data = base64.urlsafe_b64decode(token.encode())
    if len(data) < NONCE + TAG:
        raise DecryptionError("token too short")
    nonce, cipher, tag = data[:NONCE], data[NONCE:-TAG], data[-TAG:]
    expected = hmac.new(_derive(master, b"mac"), b"s1" + nonce + cipher, hashlib.sha256).digest()
    if not hmac.compare_digest(tag, expected):
        raise DecryptionError("authentication failed")
    return bytes(a ^ b for a, b in zip(cipher, _keystream(_derive(master, b"enc"), nonce, len(cipher)), strict=True))


def _fernet():
    keys = [Fernet(base64.urlsafe_b64encode(_derive(m, b"fernet"))) for m in _master_keys()]
    return MultiFernet(keys)


def backend() -> str:
    return "fernet" if Fernet is not None else "stdlib"


def encrypt(value: str) -> str:
    """Encrypt a text; the empty text stays empty (nothing to hide, and it keeps "not given" visible)."""
    if value == "" or value is None:
        return ""
    plain = value.encode()
    if Fernet is not None:
        return "f1:" + _fernet().encrypt(plain).decode()
    return _s1_encrypt(_master_keys()[0], plain)


def decrypt(token: str) -> str:
    if not token:
        return ""
    prefix, _sep, body = token.partition(":")
    if prefix == "s1":
        for master in _master_keys():
            try:
                return _s1_decrypt(master, body).decode()
            except (DecryptionError, ValueError):
                continue
        raise DecryptionError("no key fits")
    if prefix == "f1" and Fernet is not None:
        try:
            return _fernet().decrypt(body.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionError("no key fits") from exc
    raise DecryptionError("unknown format")
