"""The committee's oversight of organizations (issue 21): annual work reports, and inspections
with their rectification items."""
