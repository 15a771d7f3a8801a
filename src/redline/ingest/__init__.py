"""Ingest: read articles in any supported format, clean them and store them once."""
