"""Signals other apps listen to without `orgs` knowing them.

`organization_merged` is sent, inside the transaction, after an adjustment plan merged `source`
into `target` on `day` (its members and children already moved): `source`, `target`, `day`,
`acting_user`. The development app moves the open development records of the merged branch.

`posts_started` is sent, inside the transaction, after posts were saved (`posts`: the new
`Post` rows, saved; `acting_user`): by `orgs.services.do_appoint_post` (the appointment form,
the approval of an appointment) and `orgs.services.save_posts` (imports, the demo). The work
app asks the committee for a talk with a new secretary or deputy secretary.

`term_started` is sent, inside the transaction, when an organization's term was renewed by an
election or its end moved by an approved delay or advance (`organization`, `acting_user`): the
work app closes the reminders of the term that was."""

from django.dispatch import Signal

organization_merged = Signal()
posts_started = Signal()
term_started = Signal()
