"""The pure content layer: article model, strict loader and sanitiser. Never imports Textual."""

#: The largest content file the loader reads (``--max-bytes`` sets another). Here rather than
#: in the loader, so that what needs only the number does not import PyYAML with it.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
