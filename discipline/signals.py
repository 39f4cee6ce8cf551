"""What the discipline app tells the floors above it (it imports none of them).

`talk_recorded` (`talk`, `acting_user`) is sent inside the transaction that records a talk
(`discipline.talks.do_record_talk`); `work` closes the 新任党组织负责人谈话 to-do that an
appointment talk answers in its receiver, so recording the talk and closing the to-do are one
act (a failed close undoes the record)."""

from django.dispatch import Signal

talk_recorded = Signal()
