"""Errors of the offers app's parsers (opening hours, HSDS packages)."""

from __future__ import annotations


class HoursError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
