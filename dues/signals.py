"""What the dues app tells the floors above it.

`payments_recorded` (`organization`, `month`, `member_ids`, `acting_user`) is sent inside the
transaction that records a branch's payments for a month (`dues.services.do_record_payments`);
`work` closes the arrears to-dos those payments settle in its receiver, so recording the
payment and closing the to-do are one act."""

from django.dispatch import Signal

payments_recorded = Signal()
