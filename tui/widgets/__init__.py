"""Widgets of the reader: each is one module with its messages nested inside it."""
