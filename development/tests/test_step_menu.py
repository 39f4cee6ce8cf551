"""The candidate page offers the step due next first, the rest behind "其他", never a step the
record already holds once, and names the stop action as an action (issue 16)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from development.tests.test_rules import apply, step, to_development_object


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


def _menu(page: str) -> tuple[list[str], list[str]]:
    actions = page.split('data-testid="actions"')[1].split("</details>")[0]
    first = re.findall(r'data-testid="next-action">([^<]+)<', actions)
    other = actions.split('data-testid="other-actions"')[1] if 'data-testid="other-actions"' in actions else ""
    return first, re.findall(r'">([^<]+)</a>', other)


def test_a_talk_already_recorded_is_not_offered_again(registry, client_for, branch_secretary):
    c = apply(registry)
    step(c, "talk", dt.date(2025, 1, 20))
    page = client_for(branch_secretary).get(reverse("development:candidate", args=[c.pk])).content.decode()
    first, other = _menu(page)
    assert first == ["确定为入党积极分子"]
    assert "与入党申请人谈话" not in first + other


def test_a_new_development_object_is_offered_the_next_step_and_the_vote_only_behind_other(
    registry, client_for, branch_secretary
):
    c = apply(registry)
    to_development_object(registry, c)
    page = client_for(branch_secretary).get(reverse("development:candidate", args=[c.pk])).content.decode()
    first, other = _menu(page)
    assert first == ["确定入党介绍人"]
    assert "公示" in other and "支部大会表决" in other
    assert "<summary" in page and "其他</summary>" in page
    assert "发展对象报上级党委备案" not in first + other  # recorded once already


def test_stopping_is_offered_as_an_action_not_a_status(registry, client_for, branch_secretary):
    c = apply(registry)
    client = client_for(branch_secretary)
    page = client.get(reverse("development:candidate", args=[c.pk])).content.decode()
    _first, other = _menu(page)
    assert "终止发展" in other and "已终止" not in other
    form = client.get(reverse("development:step_create", args=[c.pk, "stopped"])).content.decode()
    assert "钱小二：终止发展" in form
