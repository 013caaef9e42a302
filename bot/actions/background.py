"""Starts the outbox deliverer when the action server imports the actions package.

rasa_sdk imports every module of the package at start-up; unit tests import modules one by
one and set BOT_OUTBOX_DELIVERER=0, so they never start the thread.
"""
import os

from actions.outbox import start_background_deliverer

if os.environ.get("BOT_OUTBOX_DELIVERER", "1") != "0":
    start_background_deliverer(float(os.environ.get("BOT_OUTBOX_INTERVAL_S", "5")))
