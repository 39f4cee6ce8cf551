"""Field encryption for personal data: Fernet (AES-128-CBC + HMAC-SHA256) with the key from
settings.FIELD_KEY, and an HMAC-SHA256 keyed hash beside each value for exact search and
uniqueness. The key never enters the database."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _keys() -> tuple[MultiFernet, bytes]:
    # FIELD_KEY may hold several comma-separated keys, newest first: old rows still decrypt
    # while `rotate_field_key` re-encrypts them.
    keys = [k.strip() for k in settings.FIELD_KEY.split(",") if k.strip()]
    fernet = MultiFernet([Fernet(k) for k in keys])
    mac_key = hashlib.sha256(b"dangjian-field-hash:" + keys[0].encode()).digest()
    return fernet, mac_key


def encrypt(value: str) -> str:
    return _keys()[0].encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _keys()[0].decrypt(token.encode()).decode() if token else ""


def encrypt_bytes(data: bytes) -> bytes:
    """A whole uploaded file holding personal data, encrypted like a field."""
    return _keys()[0].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return _keys()[0].decrypt(bytes(token))


def keyed_hash(value: str) -> str:
    return hmac.new(_keys()[1], value.encode(), hashlib.sha256).hexdigest() if value else ""


def reset_keys() -> None:
    """Forget the cached keys (after FIELD_KEY changed, e.g. during rotation or in tests)."""
    _keys.cache_clear()
