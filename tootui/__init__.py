"""tootui: a keyboard-first terminal client for Mastodon and the fediverse."""

__version__ = "0.1.0"
