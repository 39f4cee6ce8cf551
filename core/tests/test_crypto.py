"""`core.crypto.decrypt_many`: the same answers as Fernet's own decryption, token by token, and
the same refusals (a token changed, signed by no key in force, or badly padded)."""

import base64

import pytest
from cryptography.fernet import Fernet, InvalidToken
from hypothesis import given, settings
from hypothesis import strategies as st

from core import crypto


@given(st.lists(st.text(max_size=70), max_size=40))
@settings(max_examples=60, deadline=None)
def test_many_tokens_decrypt_as_fernet_decrypts_each(values):
    # texts of every length cross block edges: each padding from 1 to 16 bytes, several blocks
    tokens = [crypto.encrypt(v) for v in values]
    assert crypto.decrypt_many(tokens) == [crypto.decrypt(t) for t in tokens] == values


def test_the_paddings_of_every_length_and_empty_values():
    values = ["x" * n for n in range(0, 50)] + ["3000.01", "", "四千二百元"]
    assert crypto.decrypt_many([crypto.encrypt(v) for v in values]) == values


def test_tokens_of_an_older_key_still_decrypt_with_the_newer_first(settings):
    old_token = crypto.encrypt("5000.00")
    old = settings.FIELD_KEY
    settings.FIELD_KEY = f"{Fernet.generate_key().decode()},{old}"
    crypto.reset_keys()
    try:
        new_token = crypto.encrypt("10000.01")
        assert crypto.decrypt_many([new_token, old_token, new_token]) == ["10000.01", "5000.00", "10000.01"]
    finally:
        settings.FIELD_KEY = old
        crypto.reset_keys()


def _altered(token: str, at: int) -> str:
    data = bytearray(base64.urlsafe_b64decode(token))
    data[at] ^= 1
    return base64.urlsafe_b64encode(bytes(data)).decode()


@pytest.mark.parametrize("at", [0, 5, 12, 30, -40, -1])  # version, time, IV, ciphertext, HMAC
def test_a_changed_token_is_refused(at):
    good = crypto.encrypt("4321.50")
    with pytest.raises(InvalidToken):
        crypto.decrypt_many([good, _altered(good, at)])
    with pytest.raises(InvalidToken):
        crypto.decrypt(_altered(good, at))


def test_a_token_of_a_key_not_in_force_and_garbage_are_refused():
    foreign = Fernet(Fernet.generate_key()).encrypt(b"3000").decode()
    for token in (foreign, "not a token", base64.urlsafe_b64encode(b"\x80" + b"\0" * 80).decode()):
        with pytest.raises(InvalidToken):
            crypto.decrypt_many([token])


def test_a_well_signed_token_with_bad_padding_is_refused(settings):
    """Signed with the key in force, but its plaintext not PKCS7-padded: refused as Fernet does."""
    import hmac

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = base64.urlsafe_b64decode(settings.FIELD_KEY.split(",")[0].strip())
    signing, encryption = key[:16], key[16:]  # the Fernet key format
    iv = b"\1" * 16
    encryptor = Cipher(algorithms.AES(encryption), modes.CBC(iv)).encryptor()
    body = b"\x80" + b"\0" * 8 + iv + encryptor.update(b"A" * 16) + encryptor.finalize()  # last byte 0x41
    token = base64.urlsafe_b64encode(body + hmac.digest(signing, body, "sha256")).decode()
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)
    with pytest.raises(InvalidToken):
        crypto.decrypt_many([token])
