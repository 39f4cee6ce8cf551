from io import StringIO

import pytest
from django.core.management import call_command


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The seeded demo, built once for this package: its modules carry the `seed_demo` xdist
    group, so they run one after another on one worker (make test runs with --dist loadgroup).
    Yields what `seed_demo` printed."""
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        call_command("flush", interactive=False, verbosity=0)
