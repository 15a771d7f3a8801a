"""Table definitions used by queries; the migrations create the same tables."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("doc_name", String(255), nullable=False),
    Column("source", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("url", Text),
    Column("outlet", String(255)),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(10)),
    Column("published_precision", String(5)),
    Column("published_from", String(16)),
    Column("language", String(8)),
    Column("language_score", Float),
    Column("text", Text, nullable=False),
    Column("clean_text", Text, nullable=False),
    Column("flags", Text, nullable=False, default="[]"),
    Column("cluster_id", String(16), index=True),
    Column("n_chars", Integer, nullable=False),
    Column("ingested_at", String(32), nullable=False),
)

removed_spans = Table(
    "removed_spans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("text", Text, nullable=False),
)

doc_flags = Table(
    "doc_flags",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("flag", String(32), primary_key=True),
    Column("score", Float, nullable=False),
    Column("set", Integer, nullable=False),
    Column("reason", Text, nullable=False),
)

doc_sources = Table(
    "doc_sources",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("source", Text, primary_key=True),
    Column("seen_at", String(32), nullable=False),
)

minhashes = Table(
    "minhashes",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("bucket", String(20), primary_key=True),  # band number and the hash of its rows
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("n_new", Integer, nullable=False, default=0),
    Column("n_duplicate", Integer, nullable=False, default=0),
    Column("n_failed", Integer, nullable=False, default=0),
)
