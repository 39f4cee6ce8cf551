"""`manage.py check_rules` (core) walks the records each app's `rules.breaches()` names: run here,
beside the apps, because core's own tests import no app."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from development.models import Step
from development.tests.test_rules import apply, to_development_object
from orgs.models import PartyOrganization


def test_check_rules_finds_a_term_and_a_development_step_that_break_their_rules(registry, settings):
    settings.DANGJIAN_TODAY = "2026-06-30"
    c = apply(registry)
    to_development_object(registry, c)
    out = StringIO()
    call_command("check_rules", stdout=out)
    assert out.getvalue().strip().endswith("no breaches")

    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(term_years=7)
    Step.objects.filter(candidate=c, kind="development_object").update(date="2026-02-27")
    Step.objects.filter(candidate=c, kind="object_notice").update(date="2026-02-02")
    out = StringIO()
    with pytest.raises(CommandError, match="3 record"):
        call_command("check_rules", stdout=out)
    printed = out.getvalue()
    assert "财政局第一支部: 任期应为3年" in printed and "登记为7年" in printed
    assert "钱小二" in printed and "最早可于2026-03-01" in printed  # the notice and the listing
