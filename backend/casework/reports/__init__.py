"""Learning from complaints: the regulator's measures (TSM CH01, CH02) and the landlord's own figures.

records.py: the plain records (Period, complaint and stage, service request, excluded, compliment).
figures.py: pure functions over those records (no database, no clock).
queries.py: loads those records from the database for a period and profile.
charts.py: server-side inline SVG charts. csvout.py: safe CSV. selfassess.py: the draft annual
self-assessment against the Complaint Handling Code.
"""
