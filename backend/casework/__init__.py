"""Case service for complaints intake: policy profiles, working-day timetables, case records."""
