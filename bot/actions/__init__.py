"""Custom actions of the complaints-intake bot (run by the Rasa action server from bot/)."""
