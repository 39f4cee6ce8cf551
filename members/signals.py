"""Signals other apps listen to without `members` knowing them.

`members_moved` is sent, inside the transaction, after members' membership facts moved to
`destination` on `day` (a transfer accepted, an adjustment plan moving or merging a branch):
`member_ids` (list of pks), `destination` (PartyOrganization), `day`, `reason`, `acting_user`.
The development app moves a probationary member's development record with them."""

from django.dispatch import Signal

members_moved = Signal()
