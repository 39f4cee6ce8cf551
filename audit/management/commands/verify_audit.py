from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exits 1 at the first row changed behind the application's back."

    def handle(self, *args, **options):
        checked, broken = verify_chain()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at event #{broken.pk} ({broken.created_at:%Y-%m-%d %H:%M:%S}, "
                f"{broken.action}) after {checked} intact events: the row or its predecessor was changed."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {checked} events."))
