"""Delivery to an SMTP server that drops the connection mid-way (a raw socket server on loopback):
before the message is sent it is retried and delivered once; after the whole message it is
`unknown` and never resent. Helpers from test_delivery.py and test_outbox.py."""
import email
import socket
import threading
from email import policy

from test_delivery import later, open_complaint, smtp_worker
from test_outbox import factory, rows  # noqa: F401  (factory: fixture)


# ---------------------------------------------------------------- a server that drops the connection

class RawSmtp:
    """A line-based SMTP server; each connection follows the next behaviour in the list:
    ok | drop_after_data_command | drop_after_message (read the whole message, never answer)."""

    def __init__(self, behaviours):
        self.behaviours = list(behaviours)
        self.received, self.accepted = [], []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            behaviour = self.behaviours.pop(0) if self.behaviours else "ok"
            with conn:
                try:
                    self._handle(conn, behaviour)
                except OSError:
                    pass

    def _handle(self, conn, behaviour):
        f = conn.makefile("rb")
        conn.sendall(b"220 raw.test ESMTP\r\n")
        while True:
            line = f.readline()
            if not line:
                return
            cmd = line[:4].upper()
            if cmd == b"EHLO":
                conn.sendall(b"250-raw.test\r\n250 8BITMIME\r\n")
            elif cmd in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                conn.sendall(b"250 OK\r\n")
            elif cmd == b"DATA":
                if behaviour == "drop_after_data_command":
                    return
                conn.sendall(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                data = b""
                while True:
                    part = f.readline()
                    if not part or part == b".\r\n":
                        break
                    data += part
                self.received.append(data)
                if behaviour == "drop_after_message":
                    return
                self.accepted.append(data)
                conn.sendall(b"250 OK queued\r\n")
            elif cmd == b"QUIT":
                conn.sendall(b"221 Bye\r\n")
                return
            else:
                conn.sendall(b"500 What?\r\n")

    def close(self):
        self.sock.close()


def test_dropped_after_the_data_command_is_retried_and_delivered_once(factory):
    server = RawSmtp(["drop_after_data_command", "drop_after_data_command", "ok"])
    try:
        ref = open_complaint(factory)
        w = smtp_worker(factory, server.port)
        assert w.run_once()["retry"] == 1
        assert "connection failed before the message was sent" in rows(factory)[0].last_error
        assert w.run_once(later(5))["retry"] == 1
        assert w.run_once(later(30))["sent"] == 1
        assert len(server.accepted) == 1 and server.received == server.accepted
        msg = email.message_from_bytes(server.accepted[0], policy=policy.default)
        assert msg["X-Case-Reference"] == ref and ref in msg.get_body(("plain",)).get_content()
        assert rows(factory)[0].attempts == 3
    finally:
        server.close()


def test_dropped_after_the_whole_message_is_unknown_and_not_resent(factory):
    server = RawSmtp(["drop_after_message", "ok", "ok"])
    try:
        open_complaint(factory)
        w = smtp_worker(factory, server.port)
        assert w.run_once()["unknown"] == 1
        m = rows(factory)[0]
        assert m.status == "unknown" and "connection lost after the message was sent" in m.last_error
        for minutes in (10, 100, 1000):
            w.run_once(later(minutes))
        assert len(server.received) == 1 and rows(factory)[0].status == "unknown"
    finally:
        server.close()
