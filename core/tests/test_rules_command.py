"""`manage.py rules` prints the rule sets in force on a date, each rule with its provenance."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def rules_on(day: str) -> dict:
    out = StringIO()
    call_command("rules", "--on", day, "--json", stdout=out)
    return json.loads(out.getvalue())


def by_family(data: dict) -> dict:
    return {s["family"]: s for s in data["sets"]}


def test_the_development_rules_are_chosen_by_date_with_their_source_and_verification():
    before = by_family(rules_on("2020-01-01"))["development"]
    after = by_family(rules_on("2026-06-01"))["development"]
    assert before["name"] == "中国共产党发展党员工作细则（2014）" and before["effective"] == "2014-05-28"
    assert after["name"] == "中国共产党发展党员工作细则（2026年5月修订）"
    rules = {r["key"]: r for r in before["rules"]}
    assert rules["activist_min_years"] == {
        "key": "activist_min_years",
        "value": 1,
        "source": "中国共产党发展党员工作细则（2014）",
        "article": "第十三条",
        "verified": False,
        "local": False,
    }
    assert "party_group_review" not in rules  # 机关条例 第三十七条 applies from 2019-12-20
    organs = {r["key"]: r for r in by_family(rules_on("2020-01-01"))["development_organs"]["rules"]}
    assert organs["party_group_review"]["source"] == "中国共产党党和国家机关基层组织工作条例（2019）"
    assert organs["party_group_review"]["verified"] is True
    assert rules["notice_before_vote"]["local"] is True  # national in neither text: a local option
    assert {r["key"]: r for r in after["rules"]}["notice_before_development_object"]["local"] is False


def test_a_locality_changes_its_own_numbers_and_the_output_says_so(settings):
    settings.DANGJIAN_RULES = {"notice_working_days": 7}
    rules = {r["key"]: r for r in by_family(rules_on("2026-06-01"))["development"]["rules"]}
    assert rules["notice_working_days"]["value"] == 7


def test_every_rule_names_its_source_and_article():
    data = rules_on("2026-11-30")
    assert data["on"] == "2026-11-30" and len(data["sets"]) >= 3
    for rule_set in data["sets"]:
        for rule in rule_set["rules"]:
            assert rule["source"] and rule["article"] and isinstance(rule["verified"], bool), rule


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("rules", "--on", "2026-02-30", stdout=StringIO())


def test_the_rules_page_shows_each_rule_with_its_source_and_marks_the_unverified(
    client_for, registry, branch_secretary
):
    page = client_for(branch_secretary).get("/rules/", {"on": "2026-06-01"}).content.decode()
    assert "中国共产党发展党员工作细则（2026年5月修订）" in page
    assert "第三十七条" in page  # the organs regulations' party-group review
    assert "条文未经核对" in page and "已核对" in page
    old = client_for(branch_secretary).get("/rules/", {"on": "2020-01-01"}).content.decode()
    assert "中国共产党发展党员工作细则（2014）" in old and "2026年5月修订" not in old
    bad = client_for(branch_secretary).get("/rules/", {"on": "0001-01-01"}).content.decode()
    assert "请输入1921-01-01至2100-12-31之间的日期。" in bad
