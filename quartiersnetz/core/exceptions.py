"""One error type for the service layer. Messages are German: they reach the user."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule said no. `message` is shown to the user; `extra` carries structured details."""

    def __init__(self, message: str, extra: dict | None = None, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        self.status = status
