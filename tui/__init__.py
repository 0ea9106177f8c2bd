"""tui-reader: a keyboard-driven terminal reader for structured news articles."""

__version__ = "0.1.0"
