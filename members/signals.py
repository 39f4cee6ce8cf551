"""Signals other apps listen to without `members` knowing them.

`members_moved` is sent, inside the transaction, after members' membership facts moved to
`destination` on `day` (a transfer accepted, an adjustment plan moving or merging a branch):
`member_ids` (list of pks), `destination` (PartyOrganization), `day`, `reason`, `acting_user`.
The development app moves a probationary member's development record with them; with
`destination=None` the member left the roll (transferred out of the district, died, left) and
the record closes.

`conversion_requested` is sent before a probationary member is made full outside the
development procedure (the member form or an event): `member`, `day`. A receiver refuses by
raising DomainError — the development app does while the member's development record is open,
since conversion needs the branch meeting and the superior's approval (党章 第七条)."""

from django.dispatch import Signal

members_moved = Signal()
conversion_requested = Signal()
