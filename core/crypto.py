"""Field encryption for personal data: Fernet (AES-128-CBC + HMAC-SHA256) with the key from
settings.FIELD_KEY, and an HMAC-SHA256 keyed hash beside each value for exact search and
uniqueness. The key never enters the database."""

import hashlib
import hmac
from collections.abc import Sequence
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models


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


def decrypt_many(tokens: Sequence[str]) -> list[str]:
    """`decrypt` of many tokens (a month's dues reads a million bases): the library's own
    `MultiFernet.decrypt`, token by token. A hand-made batch decryption (the CBC chaining over one
    AES call) was 2.4× faster on this part but is cryptography written by hand; the month stays
    well inside its target without it (docs/performance.md)."""
    fernet = _keys()[0]
    return [fernet.decrypt(token.encode()).decode() if token else "" for token in tokens]


def encrypt_bytes(data: bytes) -> bytes:
    """A whole uploaded file holding personal data, encrypted like a field."""
    return _keys()[0].encrypt(data)


def decrypt_bytes(token: bytes | memoryview) -> bytes:
    # a BinaryField reads back as memoryview on PostgreSQL
    return _keys()[0].decrypt(bytes(token))


def keyed_hash(value: str) -> str:
    return hmac.new(_keys()[1], value.encode(), hashlib.sha256).hexdigest() if value else ""


def reset_keys() -> None:
    """Forget the cached keys (after FIELD_KEY changed, e.g. during rotation or in tests)."""
    _keys.cache_clear()


class EncryptedTextField(models.TextField):
    """Personal data kept encrypted (`encrypt`/`decrypt`), with the name of the field holding
    its keyed hash, if any. Every such field is found by `encrypted_fields()`, so a key
    rotation cannot miss one."""

    def __init__(self, *args, hash_field: str | None = None, **kwargs):
        self.hash_field = hash_field
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.hash_field:
            kwargs["hash_field"] = self.hash_field
        kwargs.pop("editable", None)
        return name, path, args, kwargs


class EncryptedNarrativeField(EncryptedTextField):
    """Free text about a person (a case's facts, a talk's gist, a sanction's reasons) kept
    encrypted at rest and read back plain: encrypted whenever it is written and decrypted
    whenever it is read, so no code path can store it in clear. Nobody searches it (no hash)."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value


class EncryptedBinaryField(models.BinaryField):
    """A whole file holding personal data (an upload, an export), encrypted (`encrypt_bytes`)."""


def encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every model with encrypted fields, and those fields (found by type, not by a list)."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField | EncryptedBinaryField)]
        if fields:
            found.append((model, fields))
    return found


def rotate(batch: int = 2000, progress=None) -> dict[str, int]:
    """Re-encrypt every encrypted field of every row with the newest key and recompute the keyed
    hashes beside them. Call inside one transaction: all rows or none. Returns rows per model."""
    reset_keys()
    counts: dict[str, int] = {}
    for model, fields in encrypted_fields():
        names = [f.attname for f in fields] + [f.hash_field for f in fields if getattr(f, "hash_field", None)]
        pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch):
            rows = list(model._default_manager.filter(pk__in=pks[start : start + batch]).only("pk", *names))
            for row in rows:
                for field in fields:
                    value = getattr(row, field.attname)
                    if isinstance(field, EncryptedBinaryField):
                        if value:
                            setattr(row, field.attname, encrypt_bytes(decrypt_bytes(bytes(value))))
                        continue
                    if isinstance(field, EncryptedNarrativeField):
                        continue  # read plain with any key; bulk_update writes it with the newest
                    plain = decrypt(value)
                    setattr(row, field.attname, encrypt(plain))
                    if field.hash_field:
                        setattr(row, field.hash_field, keyed_hash(plain))
            model._default_manager.bulk_update(rows, names)
            if progress:
                progress(model._meta.label, min(start + batch, len(pks)), len(pks))
        counts[model._meta.label] = len(pks)
    return counts
