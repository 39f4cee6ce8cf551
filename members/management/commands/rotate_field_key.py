from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import crypto
from members.models import Member

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Re-encrypt every ID and phone number with the newest field key and recompute their keyed hashes. "
        "Put the new key first in DANGJIAN_FIELD_KEY ('NEW,OLD'), run this, then drop the old key. "
        "Outside production, --generate makes the new key in .local/dangjian_field_key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true", help="outside production: create and prepend a new key")

    def handle(self, *args, generate=False, **options):
        if generate:
            self._generate()
        keys = [k for k in settings.FIELD_KEY.split(",") if k.strip()]
        if len(keys) < 2:
            raise CommandError("Only one field key is configured: put the new key first, 'NEW,OLD', then run again.")
        crypto.reset_keys()
        done = 0
        with transaction.atomic():
            for start in range(0, Member.objects.count(), BATCH):
                batch = list(Member.objects.order_by("pk")[start : start + BATCH])
                for m in batch:
                    number, phone = m.id_number, m.phone  # decrypts with any configured key
                    m.id_number_encrypted, m.id_number_hash = crypto.encrypt(number), crypto.keyed_hash(number)
                    m.phone_encrypted, m.phone_hash = crypto.encrypt(phone), crypto.keyed_hash(phone)
                Member.objects.bulk_update(
                    batch, ["id_number_encrypted", "id_number_hash", "phone_encrypted", "phone_hash"]
                )
                done += len(batch)
                self.stdout.write(f"  {done:,} members re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {done:,} members use the newest key. Now remove the old key."))

    def _generate(self):
        if settings.PRODUCTION:
            raise CommandError("--generate is for development; in production set DANGJIAN_FIELD_KEY='NEW,OLD'.")
        from cryptography.fernet import Fernet

        path = settings.LOCAL_DIR / "dangjian_field_key"
        new = Fernet.generate_key().decode()
        path.write_text(f"{new},{settings.FIELD_KEY}")
        settings.FIELD_KEY = f"{new},{settings.FIELD_KEY}"
