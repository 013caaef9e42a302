"""The Housing Ombudsman's Complaint Handling Code 2024 provisions this product touches. Titles are
short paraphrases of the Code's words. scripts/code_compliance.py lists every one with its test and
with how its number and wording were checked (CHECKED below).

How the numbers were checked (6 December 2026): the Code's own page was not readable in full here,
so each provision was compared with landlords' published 2024 self-assessments, which quote every
provision's number and text from the Code (Appendix A of the Code is the self-assessment form).
Where no quoted text was found the provision is marked, with the reason, rather than guessed.
"""
CLAUSES = [
    ("1.2", "A complaint is an expression of dissatisfaction, however made, affecting a resident or group of residents"),
    ("1.3", "The resident need not use the word 'complaint'; they are given the choice to complain"),
    ("1.4", "A service request is not a complaint, but is recorded, monitored and reviewed"),
    ("1.5", "Dissatisfaction with the response to a service request is a complaint; the request carries on"),
    ("2.1", "A complaint is accepted unless there is a valid reason; each case on its merits"),
    ("2.2", "Acceptable exclusions: legal proceedings started (claim filed at court), over 12 months, already considered"),
    ("2.3", "Complaints within 12 months of the issue (or of becoming aware of it) are accepted; discretion beyond"),
    ("2.4", "A decision not to accept is explained, with the right to take it to the Ombudsman"),
    ("2.5", "No blanket exclusions; the circumstances of each complaint are considered"),
    ("3.1", "Easy to complain through different channels; residents' needs and reasonable adjustments anticipated"),
    ("3.6", "A representative can deal with the complaint for the resident"),
    ("3.7", "Residents are told of their right to go to the Ombudsman and how"),
    ("4.1", "A person or team (the complaints officer) is responsible for complaint handling"),
    ("5.2", "No extra named stages such as 'stage 0' or 'informal complaint'"),
    ("5.3", "No process with more than two stages"),
    ("5.6", "At stage 1 and stage 2 the landlord sets out its understanding of the complaint and the outcomes sought"),
    ("6.2", "Stage 1 acknowledged, defined and logged within 5 working days of receipt"),
    ("6.3", "Stage 1 full response within 10 working days of the acknowledgement"),
    ("6.4", "Stage 1 extension of no more than 10 working days without good reason, reasons explained"),
    ("6.5", "A resident told of an extension is given the Ombudsman's contact details"),
    ("6.6", "The response is sent when the answer is known; outstanding actions are tracked"),
    ("6.9", "The stage 1 response confirms the stage, decision, reasons, remedy, outstanding actions and how to escalate"),
    ("6.11", "Stage 2 acknowledged, defined and logged within 5 working days of the escalation request"),
    ("6.12", "The resident need not explain why they ask for stage 2"),
    ("6.13", "Stage 2 is considered by a different person from stage 1"),
    ("6.14", "Stage 2 final response within 20 working days of the acknowledgement"),
    ("6.15", "Stage 2 extension of no more than 20 working days without good reason"),
    ("6.19", "The stage 2 response tells the resident how to take the complaint to the Ombudsman"),
    ("7.1", "Where something went wrong, the landlord acknowledges it and sets out how it will put it right"),
    ("8.1", "An annual complaints performance and service improvement report, with a self-assessment against the Code"),
    ("9.1", "Learning beyond the individual complaint: service improvements from complaints"),
]

# Where each provision's number and wording were checked. A source quotes the Code's text next to
# the provision's number; "partly" means the quoted text was cut short in the copy read here.
SOURCES = {
    "slough": ("Slough Borough Council, Housing Ombudsman Complaint Handling Code self-assessment "
               "2024/2025 (sections 1, 2, 3, 5, 6, 9)",
               "https://www.slough.gov.uk/complaints-feedback/housing-ombudsman-complaint-handling-code-self-assessment"),
    "oxford": ("Oxford City Council, council housing Complaint Handling Code self-assessment 2024-25 "
               "(sections 2, 3, 6a, 6b, 7, 9)",
               "https://www.oxford.gov.uk/complaints-council-housing/council-housing-complaint-handling-code-self-assessment-2024-25"),
    "gyarmouth": ("Great Yarmouth Borough Council, Complaint handling code self-assessment (2024 Code; "
                  "sections 1, 2, 5, 7, 9)",
                  "https://www.great-yarmouth.gov.uk/article/8934/Complaint-handling-code-self-assessment"),
    "snorfolk": ("South Norfolk Council, housing Complaint Handling Code self-assessment 2025 (complaints "
                 "stages; the complaint handling process)",
                 "https://www.southnorfolkandbroadland.gov.uk/housing/housing-performance/"
                 "south-norfolk-housing-complaint-handling-code-self-assessment-2025/complaints-stages"),
    "snb2024": ("South Norfolk and Broadland councils, housing Complaint Handling Code self-assessment 2024 "
                "(sections 1 and 5)",
                "https://www.southnorfolkandbroadland.gov.uk/housing/landlords-and-private-rent/"
                "housing-complaint-handling-code-self-assessment-2024/definition-of-a-complaint"),
    "hos-guidance": ("Housing Ombudsman, Self-assessment guidance (the self-assessment is part of the annual "
                     "complaints performance and service improvement report)",
                     "https://www.housing-ombudsman.org.uk/landlords-info/complaint-handling-code/self-assessment-guidance"),
}
CHECKED = {
    "1.2": "slough, gyarmouth, snb2024", "1.3": "slough, gyarmouth, snb2024",
    "1.4": "gyarmouth, snb2024",
    "1.5": "snb2024, gyarmouth",
    "2.1": "slough, oxford, gyarmouth", "2.2": "slough, oxford, gyarmouth",
    "2.3": "slough, oxford, gyarmouth", "2.4": "gyarmouth (partly: 'an explanation must be provided')",
    "3.1": "slough, oxford",
    "4.1": "slough (2025 section 4)",
    "5.2": "slough, gyarmouth, snb2024", "5.3": "slough, gyarmouth, snb2024",
    "5.6": "snorfolk (2025, partly: to 'set out their understanding of the complaint'), gyarmouth (partly)",
    "6.2": "slough, oxford, snorfolk", "6.3": "slough, oxford, snorfolk", "6.4": "oxford, snorfolk",
    "6.5": "snorfolk", "6.6": "snorfolk",
    "6.11": "oxford, slough", "6.12": "oxford, slough", "6.13": "oxford, slough",
    "7.1": "oxford, gyarmouth",
    "8.1": "gyarmouth (section 9 refers to its annual report as 8.1), hos-guidance (no text with the number)",
    "9.1": "oxford, slough, gyarmouth",
}
# Not seen in any source read here: the number follows the Code's structure as far as it was
# verified, and must be checked against the Code itself.
UNVERIFIED = {
    "2.5": "no copy of 2.5's text was found (2.1-2.4 were)",
    "3.6": "the copies of section 3 found stop at 3.3; was 3.7 here, renumbered from recollection of the "
           "Code (3.6 a representative, 3.7 the Ombudsman, no 3.8)",
    "3.7": "as 3.6; was 3.8",
    "6.9": "the copies of stage 1 found stop at 6.6",
    "6.14": "the copies of stage 2 found stop at 6.13; was 6.15: 6.11 acknowledgement, 6.12 reasons and "
            "6.13 a different person are verified, so the 20-day response follows them as at stage 1 (6.3)",
    "6.15": "as 6.14; was 6.16 (the stage 1 pattern: response 6.3, extension 6.4, Ombudsman details 6.5)",
    "6.19": "the copies of stage 2 found stop at 6.13",
}
# Changed by this check: old number or title -> what the Code says.
CORRECTIONS = [
    "3.2 ('reasonable adjustments') is 'complaints raised in any way and with any member of staff': "
    "reasonable adjustments are in 3.1, so that test is named for 3.1.",
    "5.1 is 'a single policy; residents not treated differently if they complain', not 'two stages': "
    "the two-stage test is named for 5.3 ('no more than two stages').",
    "3.7 and 3.8 (representative; the Ombudsman) renumbered 3.6 and 3.7 (unverified, see above).",
    "6.15 and 6.16 (stage 2 response and extension) renumbered 6.14 and 6.15 (unverified, see above).",
]
