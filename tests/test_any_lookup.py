"""`__any` (core.lookups): a set of ids as one PostgreSQL array, refused elsewhere."""

import pytest
from django.db import NotSupportedError, connection

from core.lookups import IdArray
from orgs.models import PartyOrganization


def test_the_ids_are_one_value_in_the_array_text():
    assert IdArray([3, 1, 2]).text == "{3,1,2}"
    with pytest.raises(ValueError):
        IdArray(["1); DROP TABLE x; --"])


@pytest.mark.django_db
def test_any_finds_the_rows_of_the_ids_on_postgresql_and_is_refused_on_sqlite(registry):
    ids = sorted(PartyOrganization.objects.filter(name__startswith="财政局").values_list("pk", flat=True))
    query = PartyOrganization.objects.filter(pk__any=IdArray([*ids, 10**9]))
    if connection.vendor != "postgresql":
        with pytest.raises(NotSupportedError):
            list(query)
        return
    assert len(ids) == 3
    assert sorted(query.values_list("pk", flat=True)) == ids
    by_unit = PartyOrganization.objects.filter(unit__any=[registry.finance.pk])  # a foreign key, a list
    assert sorted(by_unit.values_list("pk", flat=True)) == ids
