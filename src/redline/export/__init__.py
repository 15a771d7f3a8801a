"""Exports: JSON Lines (the evaluation format and richer fields), CSV and Parquet."""
