"""Turning an article that no one annotated (plain text, HTML, a URL) into the content file.

Pure: nothing here imports Textual. Data flows one way: source -> ``text``/``html`` (a
``Document``) -> ``quotes``/``people`` and ``facts`` (a ``Draft``) -> ``emit`` (the YAML), which
the loader then reads like any file a person wrote.
"""
