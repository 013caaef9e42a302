"""Checks the settings and starts the outbox deliverer when the action server imports the
actions package.

rasa_sdk imports every module of the package at start-up, so a bad setting stops the server here
with a message naming the variable (actions/settings.py). Unit tests import modules one by one
and set BOT_OUTBOX_DELIVERER=0, so they never start the thread.

It also gives the action server (rasa_sdk's Sanic app, made before it imports the package) a longer
wait for a request on an open connection. Sanic's default, 5 s, closed the connection Rasa had just
opened when Rasa's event loop was busy with other conversations' messages for longer than that
before writing the request (Rasa 3.6 opens one connection per action call): "Cannot write to closing
transport", the action lost (seen with 8 conversations at once). Rasa closes each connection after
its call, so a long wait holds nothing open.
"""
from actions.outbox import start_background_deliverer
from actions.settings import check_at_start

ACTION_SERVER_APP = "rasa_sdk"  # the name rasa_sdk.endpoint.create_app gives its Sanic app
CONNECTION_WAIT_S = 75  # longer than Rasa's busiest turn; Sanic's default is 5


def keep_connections_open(app) -> None:
    app.config.KEEP_ALIVE_TIMEOUT = max(int(app.config.KEEP_ALIVE_TIMEOUT or 0), CONNECTION_WAIT_S)


def _action_server_app():
    from sanic import Sanic
    from sanic.exceptions import SanicException

    try:
        return Sanic.get_app(ACTION_SERVER_APP)
    except SanicException:  # imported outside the action server (unit tests)
        return None


_settings = check_at_start()
_app = _action_server_app()
if _app is not None:
    keep_connections_open(_app)
if _settings.outbox_deliverer:
    start_background_deliverer(_settings.outbox_interval_s)
