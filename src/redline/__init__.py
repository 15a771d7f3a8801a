"""redline: follow a negotiation through the news."""

__version__ = "0.1.0"
