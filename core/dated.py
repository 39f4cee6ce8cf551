"""Effective-dated facts (STYLE 4): a row holds from `valid_from` (inclusive) to `valid_to`
(exclusive; open while it lasts). A change closes one row and opens the next; the rows of one
subject never overlap. Every model of that shape inherits `EffectiveDated`, so the fields, the
ordering constraint and the "as of" queries are written once."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

# A fact ends after it begins (or is open).
ORDERED = Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from"))


class DatedQuerySet(models.QuerySet):
    def as_of(self, day: dt.date):
        """Facts valid on `day`: valid_from inclusive, valid_to exclusive."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def open(self):
        """Facts not yet ended."""
        return self.filter(valid_to__isnull=True)

    def overlapping(self, start: dt.date, end: dt.date | None = None):
        """Facts sharing at least one day with [start, end) (`end` None: open-ended)."""
        qs = self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        return qs if end is None else qs.filter(valid_from__lt=end)


class EffectiveDated(models.Model):
    """Abstract base of effective-dated facts. A subclass that declares its own `Meta` writes
    `class Meta(EffectiveDated.Meta)` and lists `*EffectiveDated.Meta.constraints` first, so the
    ordering constraint (`<app>_<model>_ordered`) is never lost (tests/test_one_writer.py
    checks it); "one open row per subject" constraints stay with the subclass, whose subject
    they name."""

    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [models.CheckConstraint(condition=ORDERED, name="%(app_label)s_%(class)s_ordered")]
