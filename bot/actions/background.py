"""Checks the settings and starts the outbox deliverer when the action server imports the
actions package.

rasa_sdk imports every module of the package at start-up, so a bad setting stops the server here
with a message naming the variable (actions/settings.py). Unit tests import modules one by one
and set BOT_OUTBOX_DELIVERER=0, so they never start the thread.
"""
from actions.outbox import start_background_deliverer
from actions.settings import check_at_start

_settings = check_at_start()
if _settings.outbox_deliverer:
    start_background_deliverer(_settings.outbox_interval_s)
