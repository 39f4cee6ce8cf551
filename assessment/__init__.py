"""Target responsibility and the annual assessment (issue 21): indicator tables, computed and
manual scores, tiers."""
