import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from core.rules import all_rule_sets, in_force


class Command(BaseCommand):
    help = (
        "Print every rule set in force on a date: each rule's value, source document, article and "
        "whether its text was verified."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print as JSON")

    def handle(self, *args, on=None, as_json=False, **options):
        try:
            day = dt.date.fromisoformat(on) if on else clock.today()
        except ValueError:
            raise CommandError(f"--on must be a date YYYY-MM-DD, not {on!r}") from None
        sets = in_force(all_rule_sets(), day)
        if as_json:
            self.stdout.write(
                json.dumps({"on": day.isoformat(), "sets": [s.as_json() for s in sets]}, ensure_ascii=False)
            )
            return
        self.stdout.write(f"{day} 有效的规则")
        for s in sets:
            self.stdout.write(f"\n{s.name}（{s.effective} 起）")
            for r in s.rules:
                mark = "" if r.verified else " ［条文未经核对］"
                local = " ［本地可配置］" if r.local else ""
                self.stdout.write(f"  {r.code} = {r.current()}  《{r.source}》{r.article}{mark}{local}")
