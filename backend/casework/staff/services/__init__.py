"""Staff workspace service layer: everything the staff pages do, without HTTP.

Pages (casework/staff/*_pages.py) parse forms and render templates; the rules (who may do what,
Code 6.13, what a review opens) live here, so they hold whichever page or script calls them.
Changes to cases always go through casework.cases (letters queued, audit written as for the API).
"""
