"""Awaab's Law: hazard records and their statutory clocks (docs/hazards.md).

catalogue.py reads backend/hazards.yaml (hazard types and timescales, as data); clocks.py is the
pure deadline arithmetic; models.py the `hazards` table; service.py creates and changes records
with an audit entry for each change; letters.py renders the hazard letters for the outbox.
"""
