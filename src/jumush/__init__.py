"""Jumush: an organised, secure employment system for labour migrants."""

__version__ = "0.1.0"
