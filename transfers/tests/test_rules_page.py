"""The transfer rules on the rules page read as words, not as the codes the settings use."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_rules_page_names_each_transfer_rule_and_who_issues_letters(client_for, plain_member):
    page = client_for(plain_member).get("/rules/").content.decode()
    for code in (
        "approving_committee_transfers_nationwide",
        "letter_issuer",
        "letter_validity_months",
        "transfer_accept_days",
        "letter_dues_ahead_months",
        "working_committee",
    ):
        assert code not in page
    assert "机关工委统一开具" in page  # the value of "who issues letters", as a clerk says it
