"""Issue 16: messages held for staff (refused or unhandled bot records) and look-up throttling."""
