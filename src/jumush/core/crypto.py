"""Encryption at rest of identity numbers (passport and the like), and their keyed look-up hash.

- `seal(text)` -> (ciphertext, key_id): AES-256-GCM with a random 96-bit nonce; the stored
  bytes are nonce + ciphertext + tag. `key_id` names the key so that keys can be rotated.
- `open_sealed(ciphertext, key_id)` -> text; raises CryptoError if the key is unknown or the
  bytes were altered.
- `lookup_hash(text)` -> hex HMAC-SHA256 of the normalised number, for exact search without
  decrypting.

Keys are derived (HKDF-SHA256, NIST SP 800-56C) from Django's SECRET_KEY and, for reading
older rows after a rotation, from SECRET_KEY_FALLBACKS. The key id is the first 8 hex digits
of SHA-256 of the derived key, so it reveals nothing about the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from jumush.core.errors import DomainError

NONCE_BYTES = 12


class CryptoError(DomainError):
    """Sealed data could not be opened: unknown key id, or the bytes were altered."""

    code = "crypto.error"
    http_status = 500


@lru_cache(maxsize=16)
def _derive(secret: str, purpose: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"jumush-v1", info=purpose)
    return hkdf.derive(secret.encode())


def _key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def _encryption_keys() -> dict[str, bytes]:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = [_derive(s, b"identity-number-encryption") for s in secrets]
    return {_key_id(k): k for k in keys}


def current_key_id() -> str:
    """The id of the key that `seal` uses now."""
    return _key_id(_derive(settings.SECRET_KEY, b"identity-number-encryption"))


def seal(text: str) -> tuple[bytes, str]:
    """Encrypt `text` (UTF-8) with the current key: (nonce + ciphertext + tag, key id)."""
    key = _derive(settings.SECRET_KEY, b"identity-number-encryption")
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, text.encode(), None), _key_id(key)


def open_sealed(sealed: bytes, key_id: str) -> str:
    """Decrypt what `seal` returned. Raises CryptoError for an unknown key or altered bytes."""
    key = _encryption_keys().get(key_id)
    if key is None:
        raise CryptoError(f"no key with id {key_id!r} (rotated out of SECRET_KEY_FALLBACKS?)")
    try:
        plain = AESGCM(key).decrypt(bytes(sealed[:NONCE_BYTES]), bytes(sealed[NONCE_BYTES:]), None)
    except InvalidTag as exc:
        raise CryptoError("sealed value failed its integrity check") from exc
    return plain.decode()


#: Cyrillic capitals that look like Latin ones, as typed into passport numbers by mistake.
_LOOKALIKE = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")


def normalise_identity_number(text: str) -> str:
    """Upper case, letters and digits only, Cyrillic look-alikes as Latin: "ac 1234567",
    "AC1234567" and "АС1234567" (Cyrillic А, С) are the same number."""
    return re.sub(r"[^0-9A-ZА-ЯЁ]", "", text.upper().translate(_LOOKALIKE))


def lookup_hash(text: str) -> str:
    """Hex HMAC-SHA256 of the normalised number under the current look-up key."""
    key = _derive(settings.SECRET_KEY, b"identity-number-lookup")
    return hmac.new(key, normalise_identity_number(text).encode(), hashlib.sha256).hexdigest()


def keyed_digests(text: str, purpose: str) -> list[str]:
    """Hex HMAC-SHA256 of `text` under the key for `purpose`, derived from SECRET_KEY first and
    then from each of SECRET_KEY_FALLBACKS (to recognise digests made before a rotation)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [
        hmac.new(_derive(s, purpose.encode()), text.encode(), hashlib.sha256).hexdigest()
        for s in secrets
    ]


def keyed_digest(text: str, purpose: str) -> str:
    """Hex HMAC-SHA256 of `text` under the current key for `purpose` (HKDF from SECRET_KEY)."""
    return keyed_digests(text, purpose)[0]


def mask(text: str) -> str:
    """ "AC1234567" -> "AC*****67": enough to recognise, not enough to use."""
    clean = normalise_identity_number(text)
    if len(clean) <= 4:
        return "*" * len(clean)
    return clean[:2] + "*" * (len(clean) - 4) + clean[-2:]
