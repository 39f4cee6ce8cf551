import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from core import clock
from discipline.sanctions import end_expired_sanctions
from work.services import do_create_reminders


class Command(BaseCommand):
    help = (
        "Create the day's reminders once per due event (terms ending in 6 and again in 3 months, as configured; "
        "terms expired; organizations with no organizational life for the configured days; party dues unpaid for "
        "3 and 6 months) and "
        "move open work to the leads of the authority list in force. Run daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else clock.today()
        except ValueError:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {today!r}") from None
        created = do_create_reminders(day)
        # sanctions whose period is over end the same day: the vote comes back, the flag goes
        ended = end_expired_sanctions(day)
        self.stdout.write(
            f"{day}: {created['term_ending']} term-ending and {created['term_expired']} term-expired reminders "
            f"created, {created['transfer_overdue']} overdue-transfer and {created['pocket_member']} pocket-member "
            f"reminders created, {created['development_due']} overdue development steps, "
            f"{created['silent_organization']} silent organizations ({created['silent_closed']} silences ended), "
            f"{created['life_meeting_step']} overdue democratic-life-meeting steps, "
            f"{created['study_spot_check']} overdue study rectifications, "
            f"{created['evaluation_follow_up']} evaluation follow-ups, "
            f"{created['new_leader_talk']} talks with new leaders asked for, "
            f"{created['dues_arrears']} members behind with their dues and {created['dues_lapse']} for the branch's "
            f"decision ({created['dues_closed']} since paid), "
            f"{created['rerouted']} open items moved to a new lead body, {ended} sanctions ended."
        )
