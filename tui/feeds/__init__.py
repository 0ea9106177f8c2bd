"""Feeds: the ``urls`` file of subscriptions, OPML, the SQLite store of items and ``update``."""
