import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from adjustments.models import AdjustmentPlan, PlanStatus
from adjustments.services import ledger_json


class Command(BaseCommand):
    help = "The adjustment ledger (调出/调进) of one executed plan, or of every executed plan."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="id of an executed plan (default: every executed plan)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, plan=None, as_json=False, **options):
        plans = AdjustmentPlan.objects.filter(status=PlanStatus.EXECUTED).order_by("effective", "pk")
        if plan is not None:
            plans = plans.filter(pk=plan)
            if not plans:
                raise CommandError(f"no executed plan with id {plan}")
        rows = [ledger_json(p) for p in plans]
        if as_json:
            self.stdout.write(json.dumps(rows[0] if plan is not None else rows, ensure_ascii=False))
            return
        for r in rows:
            figures = _(
                "%(effective)s %(name)s: out %(out_orgs)s organizations, %(out_members)s members; in %(in_orgs)s"
                " organizations, %(in_members)s members; %(adjusted)s departments adjusted"
            ) % {
                "effective": r["effective"],
                "name": r["name"],
                "out_orgs": r["out"]["organizations"],
                "out_members": r["out"]["members"],
                "in_orgs": r["in"]["organizations"],
                "in_members": r["in"]["members"],
                "adjusted": r["adjusted"],
            }
            self.stdout.write(figures)
