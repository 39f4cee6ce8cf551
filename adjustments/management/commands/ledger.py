import json

from django.core.management.base import BaseCommand, CommandError

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
            self.stdout.write(
                f"{r['effective']} {r['name']}: 调出党组织{r['out']['organizations']}个、党员{r['out']['members']}名；"
                f"调进党组织{r['in']['organizations']}个、党员{r['in']['members']}名；调整涉及{r['adjusted']}个部门"
            )
