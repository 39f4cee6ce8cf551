import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from development.models import CalendarDay
from development.workdays import do_set_calendar_day


class Command(BaseCommand):
    help = (
        "Holidays and make-up working days for a year the official calendar package does not cover "
        "yet: list them, or add one (used to count public-notice working days)."
    )

    def add_arguments(self, parser):
        parser.add_argument("date", nargs="?", help="YYYY-MM-DD to add or change")
        parser.add_argument("kind", nargs="?", choices=["holiday", "workday"], help="a holiday or a working day")
        parser.add_argument("note", nargs="?", default="", help="e.g. 春节, 调休上班")

    def handle(self, *args, date=None, kind=None, note="", **options):
        if date:
            if not kind:
                raise CommandError("give the kind: holiday or workday")
            try:
                day = dt.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"date must be YYYY-MM-DD, not {date!r}") from None
            do_set_calendar_day(day, is_workday=kind == "workday", note=note, acting_user=None)
        for day in CalendarDay.objects.all():
            self.stdout.write(f"{day.date} {'workday' if day.is_workday else 'holiday'} {day.note}")
