"""Signals other apps listen to without `authority` knowing them.

`list_in_force` is sent, inside the adoption's transaction, when an adopted version of the
authority list is in force at once (its effective date is today or past): `authority_list`
(the AuthorityList adopted), `day` (its effective date), `acting_user`. The `work` app reroutes
open items to the new leads. Receivers run inside the transaction and a receiver's error undoes
the adoption: the list and the work that follows it change together or not at all. A version
adopted ahead of its date sends nothing when the date comes; the daily `manage.py reminders`
reroutes then."""

from django.dispatch import Signal

list_in_force = Signal()
