"""Commendation rounds (issue 21): categories, quotas, nominations checked against the records,
the public notice, the decision and the honours."""
