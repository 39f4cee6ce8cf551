import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from demo import builder
from orgs.models import PartyOrganization


class Command(BaseCommand):
    help = "Load the Wanzhou demo registry (deterministic) and create one demo account per role."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="empty the database first (destroys all data)")
        parser.add_argument("--if-empty", action="store_true", help="do nothing but list the accounts if data exists")
        parser.add_argument("--scale", type=int, default=1, help="copies of the district (127 ≈ 1,000,000 members)")

    def handle(self, *args, force=False, if_empty=False, scale=1, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        has_data = PartyOrganization.objects.exists() or User.objects.exists()
        if has_data and if_empty:
            self.stdout.write("The database already holds data; demo data not loaded.")
            self._print_accounts()
            return
        if has_data and not force:
            raise CommandError("The database is not empty. Use --force to erase it and load the demo data.")
        if has_data:
            call_command("flush", interactive=False, verbosity=0)
        started = time.monotonic()
        builder.build(scale=scale, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s."))
        self._print_accounts()

    def _print_accounts(self):
        demo = User.objects.filter(username__in=builder.DEMO_USERNAMES).prefetch_related("role_assignments")
        if not demo:
            return
        self.stdout.write(f"Demo accounts (password for all: {builder.DEMO_PASSWORD}):")
        for user in demo.order_by("pk"):
            roles = "、".join(a.get_role_display() for a in user.role_assignments.all())
            self.stdout.write(f"  {user.username:<15} {user.display_name}（{roles}）")
