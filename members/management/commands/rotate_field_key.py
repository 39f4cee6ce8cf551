from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.services import record
from core import crypto


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field of every model (ID and phone numbers of members and development "
        "records, stored uploads and exports: found by field type) with the newest field key, and recompute "
        "the keyed hashes. Put the new key first in DANGJIAN_FIELD_KEY ('NEW,OLD'), run this, then drop the "
        "old key. Outside production, --generate makes the new key in .local/dangjian_field_key."
    )

    def add_arguments(self, parser):
        parser.add_argument("--generate", action="store_true", help="outside production: create and prepend a new key")

    def handle(self, *args, generate=False, **options):
        if generate:
            self._generate()
        keys = [k for k in settings.FIELD_KEY.split(",") if k.strip()]
        if len(keys) < 2:
            raise CommandError("Only one field key is configured: put the new key first, 'NEW,OLD', then run again.")

        def progress(label: str, done: int, total: int) -> None:
            self.stdout.write(f"  {label}: {done:,} / {total:,}")

        with transaction.atomic():  # every row of every model, or none
            counts = crypto.rotate(progress=progress)
            record(
                "core.field_key.rotated",
                actor=None,
                target_label=("core.field_key", "", "字段加密密钥轮换"),
                new={"rows": counts, "keys_configured": len(keys)},
            )
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"Done: {total:,} rows use the newest key. Now remove the old key."))

    def _generate(self):
        if settings.PRODUCTION:
            raise CommandError("--generate is for development; in production set DANGJIAN_FIELD_KEY='NEW,OLD'.")
        from cryptography.fernet import Fernet

        path = settings.LOCAL_DIR / "dangjian_field_key"
        new = Fernet.generate_key().decode()
        path.write_text(f"{new},{settings.FIELD_KEY}")
        settings.FIELD_KEY = f"{new},{settings.FIELD_KEY}"
