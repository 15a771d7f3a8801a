"""Scoring the store's extraction against a user's annotated articles (`redline eval GOLD_DIR`)."""
