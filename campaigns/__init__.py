"""Carrier activities and creation campaigns (issue 21): criteria as data, applications,
namings with a validity, and pairings."""
