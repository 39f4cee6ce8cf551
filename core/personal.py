"""The one home of personal numbers: a person's ID number and phone number, stored encrypted
(`core.crypto`) with a keyed hash beside each for exact search and uniqueness, and the last four
ID characters in clear for suffix search (they are shown on every masked number anyway).

Every model holding such numbers (members, development candidates, and later ones) inherits
`PersonalNumbers` and writes them only through its setters, so validation, normalization,
encryption and hashing happen in one place, and `rotate_field_key` finds the fields by type."""

from django.db import models
from django.utils.translation import gettext as _

from core import crypto, idcard
from core.errors import DomainError
from core.text import mask_id_number, mask_phone


def normalize_phone(value: str) -> str:
    """Digits only, as stored; raises ValueError with the reason (a translated message) when it is not a
    phone number. Empty stays empty."""
    phone = value.strip().replace(" ", "").replace("-", "")
    if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
        raise ValueError(_("Digits only, from 7 to 15 of them"))
    return phone


class PersonalNumbers(models.Model):
    """Abstract: encrypted ID and phone numbers with their keyed hashes. A subclass that has
    `birth_date` and `gender` fields gets them from the ID number (one source of truth)."""

    id_number_encrypted = crypto.EncryptedTextField(hash_field="id_number_hash")
    id_number_hash = models.CharField(max_length=64, editable=False)
    id_number_tail = models.CharField(max_length=4, editable=False)
    phone_encrypted = crypto.EncryptedTextField(hash_field="phone_hash", blank=True)
    phone_hash = models.CharField(max_length=64, editable=False, blank=True)

    class Meta:
        abstract = True

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def phone(self) -> str:
        return crypto.decrypt(self.phone_encrypted)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    def set_id_number(self, value: str) -> None:
        """Validate and store an ID number; birth date and gender follow from it. A gender or
        birth date already set must agree with the number (clear them first to follow a new
        number). Raises DomainError on `id_number`."""
        try:
            birth, gender = idcard.parse(value)
        except idcard.InvalidIdNumber as e:
            raise DomainError(str(e), field="id_number") from None
        number = idcard.normalize(value)
        if hasattr(self, "gender"):
            if self.gender and self.gender != gender:
                raise DomainError(
                    _("The 17th character of the ID number does not match the gender (odd for men, even for women)."),
                    field="id_number",
                )
            self.gender = gender
        if hasattr(self, "birth_date"):
            if self.birth_date and self.birth_date != birth:
                raise DomainError(
                    _("The birth date in the ID number differs from the birth date entered."), field="id_number"
                )
            self.birth_date = birth
        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_hash = crypto.keyed_hash(number)
        self.id_number_tail = number[-4:]

    def set_phone(self, value: str) -> None:
        """Store a phone number (spaces and dashes dropped; empty clears it). Raises DomainError
        on `phone`."""
        try:
            phone = normalize_phone(value)
        except ValueError:
            raise DomainError(_("Phone numbers have digits only, from 7 to 15 of them."), field="phone") from None
        self.phone_encrypted = crypto.encrypt(phone)
        self.phone_hash = crypto.keyed_hash(phone)
