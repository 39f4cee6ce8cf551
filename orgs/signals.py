"""Signals other apps listen to without `orgs` knowing them.

`organization_merged` is sent, inside the transaction, after an adjustment plan merged `source`
into `target` on `day` (its members and children already moved): `source`, `target`, `day`,
`acting_user`. The development app moves the open development records of the merged branch."""

from django.dispatch import Signal

organization_merged = Signal()
