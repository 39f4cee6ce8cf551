"""Settings from the environment are read strictly (core.env): every refusal names the variable
and the problem. The helpers are called with a dict for the environment, so nothing here
re-imports the settings of the running process; one test starts a separate Python to see that
`dangjian.settings` itself refuses."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.env import check_values, env_bool, env_date, env_int, env_json_object, env_path
from core.rules import check_configured_rules, local_rule_defaults

SETTINGS_FILE = Path(settings.BASE_DIR) / "dangjian" / "settings.py"


@pytest.mark.parametrize(("text", "value"), [("1", True), ("TRUE", True), ("yes", True), (" on ", True)])
def test_booleans_read_the_documented_words(text, value):
    assert env_bool("FLAG", not value, {"FLAG": text}) is value
    assert env_bool("FLAG", value, {"FLAG": {"1": "0", "TRUE": "false", "yes": "no", " on ": "off"}[text]}) is not value


def test_an_unset_boolean_is_its_default():
    assert env_bool("FLAG", True, {}) is True
    assert env_bool("FLAG", False, {}) is False


@pytest.mark.parametrize("text", ["maybe", "", "2", "y", "enabled"])
def test_any_other_boolean_is_refused_by_name(text):
    with pytest.raises(ImproperlyConfigured, match=r"^FLAG must be a boolean .*" + re.escape(repr(text))):
        env_bool("FLAG", True, {"FLAG": text})


def test_integers_are_decimal_digits():
    assert env_int("N", 5, environ={"N": "30"}) == 30
    assert env_int("N", 5, environ={"N": " -2 "}) == -2
    assert env_int("N", 5, environ={}) == 5


@pytest.mark.parametrize("text", ["", "five", "5.0", "1e3", "1_000", "0x10", "5 minutes"])
def test_anything_else_is_not_an_integer(text):
    with pytest.raises(ImproperlyConfigured, match=r"^N must be an integer, not "):
        env_int("N", 5, environ={"N": text})


def test_an_integer_below_its_minimum_is_refused():
    assert env_int("N", 5, minimum=1, environ={"N": "1"}) == 1
    with pytest.raises(ImproperlyConfigured, match=r"^N must be at least 1, not 0$"):
        env_int("N", 5, minimum=1, environ={"N": "0"})


def test_a_path_is_absolute():
    assert env_path("X", "/default", {}) == "/default"
    assert env_path("X", "/default", {"X": " /srv/media "}) == "/srv/media"
    for bad in ("media", "", "./media"):
        with pytest.raises(ImproperlyConfigured, match="X must be an absolute path"):
            env_path("X", "/default", {"X": bad})


def test_a_fixed_today_is_a_real_iso_date():
    assert env_date("DAY", {"DAY": "2026-03-01"}) == "2026-03-01"
    assert env_date("DAY", {"DAY": ""}) is None
    assert env_date("DAY", {}) is None
    with pytest.raises(ImproperlyConfigured, match=r"^DAY must be a date as YYYY-MM-DD"):
        env_date("DAY", {"DAY": "1/3/2026"})
    with pytest.raises(ImproperlyConfigured, match=r"^DAY is not a real date"):
        env_date("DAY", {"DAY": "2026-02-30"})


SCHEMA = {"bytes": 100, "strict": True, "level": "county", "months": (6, 3)}


def test_a_json_object_of_known_keys_and_types_is_returned_as_set():
    value = '{"bytes": 5, "strict": false, "level": "prefecture", "months": [2]}'
    expected = {"bytes": 5, "strict": False, "level": "prefecture", "months": [2]}
    assert env_json_object("J", SCHEMA, {"J": value}) == expected
    assert env_json_object("J", SCHEMA, {}) == {}
    assert env_json_object("J", SCHEMA, {"J": " "}) == {}
    assert env_json_object("J", None, {"J": '{"anything": [1, "a"]}'}) == {"anything": [1, "a"]}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{bytes: 5}", r"^J is not valid JSON: "),
        ('{"bytes": 5,}', r"^J is not valid JSON: "),
        ('{"bytes": NaN}', r"^J is not valid JSON: NaN is not a JSON number"),
        ('{"bytes": 5, "bytes": 6}', r"^J is not valid JSON: duplicate keys \['bytes'\]"),
        ("[5]", r"^J must be a JSON object \{\.\.\.\}, not list"),
        ('"bytes"', r"^J must be a JSON object \{\.\.\.\}, not str"),
        ('{"byte": 5}', r"^J: unknown key\(s\) \['byte'\]; the known keys are \['bytes', 'level', 'months', 'str"),
        ('{"bytes": "5"}', r"^J: 'bytes' must be an integer \(like 100\), not \"5\""),
        ('{"bytes": 5.5}', r"^J: 'bytes' must be an integer \(like 100\), not 5\.5"),
        ('{"bytes": true}', r"^J: 'bytes' must be an integer \(like 100\), not true"),
        ('{"strict": 1}', r"^J: 'strict' must be true or false \(like true\), not 1"),
        ('{"level": 2}', r"^J: 'level' must be a string \(like \"county\"\), not 2"),
        ('{"months": 2}', r"^J: 'months' must be a list of integers \(like \[6, 3\]\), not 2"),
        ('{"months": ["2"]}', r"^J: 'months' must be a list of integers \(like \[6, 3\]\), not \[\"2\"\]"),
    ],
)
def test_a_bad_json_value_is_refused_with_the_variable_and_the_problem(text, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        env_json_object("J", SCHEMA, {"J": text})


def test_the_rules_take_the_codes_of_the_local_rules_and_their_types(settings):
    defaults = local_rule_defaults()
    assert {"notice_working_days", "letter_validity_months", "term_reminder_months", "organ_level"} <= set(defaults)
    settings.DANGJIAN_RULES = {"notice_working_days": 7, "term_reminder_months": [2], "notice_before_vote": False}
    check_configured_rules()
    settings.DANGJIAN_RULES = {"notice_working_day": 7}
    with pytest.raises(ImproperlyConfigured, match=r"^DANGJIAN_RULES: unknown key\(s\) \['notice_working_day'\]"):
        check_configured_rules()
    settings.DANGJIAN_RULES = {"notice_working_days": "7"}
    with pytest.raises(ImproperlyConfigured, match=r"^DANGJIAN_RULES: 'notice_working_days' must be an integer"):
        check_configured_rules()


def test_a_rule_of_the_same_code_has_one_type_in_every_version():
    from core.env import matches
    from core.rules import all_rule_sets

    defaults = local_rule_defaults()
    for rule_set in all_rule_sets():
        for rule in rule_set.rules:
            if rule.local:
                assert matches(list(rule.value) if isinstance(rule.value, tuple) else rule.value, defaults[rule.code])
    check_values("DANGJIAN_RULES", {}, defaults)


def _start(variable, value):
    """Import the settings in a new Python (and set Django up for DANGJIAN_RULES, which the apps check)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DANGJIAN_", "DJANGO_"))}
    env.update(DANGJIAN_ENV="test", DJANGO_SETTINGS_MODULE="dangjian.settings", **{variable: value})
    code = "import django; django.setup()" if variable == "DANGJIAN_RULES" else "import dangjian.settings"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=False
    )


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("DANGJIAN_LOCKOUT_FAILURES", "five", "DANGJIAN_LOCKOUT_FAILURES must be an integer, not 'five'"),
        ("DANGJIAN_REQUIRE_2FA", "maybe", "DANGJIAN_REQUIRE_2FA must be a boolean"),
        ("DANGJIAN_IMPORT_LIMITS", '{"rows": "10"}', "DANGJIAN_IMPORT_LIMITS: 'rows' must be an integer"),
        ("DANGJIAN_RULES", '{"notice_days": 7}', "DANGJIAN_RULES: unknown key(s) ['notice_days']"),
        ("DANGJIAN_TODAY", "tomorrow", "DANGJIAN_TODAY must be a date as YYYY-MM-DD"),
    ],
)
def test_the_settings_refuse_a_bad_value_at_start(variable, value, problem):
    result = _start(variable, value)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {problem}" in result.stderr


def test_every_variable_the_settings_read_is_in_the_index():
    source = SETTINGS_FILE.read_text()
    index = source.split('"""')[1]
    read = set(re.findall(r'(?:env_\w+|_local_secret|os\.environ\.get)\(\s*"([A-Z_0-9]+)"', source))
    assert {"DANGJIAN_ENV", "DATABASE_URL", "SECRET_KEY", "DANGJIAN_RULES", "DANGJIAN_IMPORT_LIMITS"} <= read
    listed = set(re.findall(r"^  ([A-Z_0-9]+) ", index, flags=re.MULTILINE))
    assert read == listed
