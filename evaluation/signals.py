"""What the evaluation app tells the floors above it.

`follow_up_recorded` (`participant`, `acting_user`) is sent inside the transaction that records
the outcome of a 不合格 verdict (教育转化 or 组织处置); `work` closes the follow-up to-do it
created for that verdict in its receiver, so recording the outcome and closing the to-do are
one act (a failed close undoes the record)."""

from django.dispatch import Signal

follow_up_recorded = Signal()
