"""Screens: the reader, and the dialogs it opens."""
