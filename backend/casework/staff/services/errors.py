"""The one refusal the staff service layer raises: an HTTP-like status and a sentence for staff."""
from __future__ import annotations


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message
