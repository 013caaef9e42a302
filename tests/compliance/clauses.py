"""The Complaint Handling Code 2024 provisions this product touches, as this project reads their
numbering (the same numbering as casework/reports/selfassess.py and the profiles' notes). Titles are
short paraphrases, not the Code's words. scripts/code_compliance.py lists every one with its test.

OWNED_ELSEWHERE: provisions covered by the staff-workspace work (case ownership and roles), whose
tests live in tests/backend/test_ownership*.py when present.
"""
CLAUSES = [
    ("1.2", "A complaint is an expression of dissatisfaction, however made"),
    ("1.3", "The resident need not use the word 'complaint'; they are offered the choice to complain"),
    ("1.4", "A service request is recorded (it is not a complaint)"),
    ("1.5", "Dissatisfaction with a service request is a complaint; the request carries on"),
    ("2.1", "A complaint is accepted unless there is a valid reason; each case on its merits"),
    ("2.2", "Legal proceedings started (claim filed) may be excluded; a threat is not enough"),
    ("2.3", "Twelve-month time limit, with discretion; a continuing problem is in time"),
    ("2.4", "A decision not to accept is explained, with the right to ask the Ombudsman to review it"),
    ("2.5", "No blanket exclusions; staff choose the reason case by case"),
    ("3.1", "Complaints can be made by any channel"),
    ("3.2", "Reasonable adjustments are recorded and honoured"),
    ("3.7", "A representative can act for the resident (with the resident's consent)"),
    ("3.8", "Residents are told about the Housing Ombudsman"),
    ("4.1", "A complaints officer or team with the authority to resolve complaints"),
    ("5.1", "One complaints process with two stages"),
    ("5.2", "No informal 'stage 0' and no third stage"),
    ("5.6", "The landlord sets out its understanding of the complaint and the outcome sought"),
    ("6.2", "Stage 1 acknowledged within 5 working days of receipt"),
    ("6.3", "Stage 1 response within 10 working days of the acknowledgement"),
    ("6.4", "Stage 1 extension of no more than 10 working days, with reasons"),
    ("6.5", "An extension notice gives the Ombudsman's details"),
    ("6.6", "The response is sent when the answer is known; outstanding actions are tracked"),
    ("6.9", "The stage 1 response gives the stage, decision, reasons, remedy and how to escalate"),
    ("6.11", "Stage 2 acknowledged within 5 working days of the escalation request"),
    ("6.12", "The resident need not explain why they escalate"),
    ("6.13", "Stage 2 is handled by a different person from stage 1"),
    ("6.15", "Stage 2 response within 20 working days of the acknowledgement"),
    ("6.16", "Stage 2 extension of no more than 20 working days"),
    ("6.19", "The final response tells the resident how to go to the Ombudsman"),
    ("7.1", "Remedies put things right and are set out for the resident"),
    ("8.1", "An annual self-assessment against the Code, from the records"),
    ("9.1", "Learning from complaints: what they were about and their outcomes"),
]
OWNED_ELSEWHERE = {"6.13", "4.1"}
