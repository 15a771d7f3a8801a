"""Table definitions used by queries; the migrations create the same tables."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
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
    Column("published_rejected", Text),  # why a metadata date was not taken ("'yesterday' is not an absolute date")
    Column("language", String(8)),
    Column("language_score", Float),
    Column("text", Text, nullable=False),
    Column("clean_text", Text, nullable=False),
    Column("flags", Text, nullable=False, default="[]"),
    Column("cluster_id", String(16), index=True),
    Column("n_chars", Integer, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("extracted_with", String(40)),
    Column("prepared_with", String(16)),
    Index("ix_documents_published", "published"),
    Index("ix_documents_language", "language"),
    Index("ix_documents_extracted_with", "extracted_with", "id"),  # the extraction queue
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
    Column("owner", String(160)),  # host:pid:start time of the process running it
    Column("heartbeat_at", String(32)),
)

ingest_queue = Table(
    "ingest_queue",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False),
    Column("item", Text, nullable=False),  # a file path or a URL
    Column("status", String(8), nullable=False),  # pending, done, failed
    Column("error", Text),
    Column("n_documents", Integer),
    Column("done_at", String(32)),
    Index("ix_ingest_queue_run_status", "run_id", "status"),
)

prepared_sources = Table(
    "prepared_sources",
    metadata,
    Column("location", Text, primary_key=True),
    Column("sha256", String(64), primary_key=True),  # of the bytes read
    Column("prepared_with", String(16), nullable=False),
    Column("doc_ids", Text, nullable=False),  # JSON list
    Column("seen_at", String(32), nullable=False),
)

leases = Table(
    "leases",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("owner", String(160), nullable=False),
    Column("until", String(32), nullable=False),
)

# a document whose extraction failed with this key: reported, and not tried again until the key changes
extraction_errors = Table(
    "extraction_errors",
    metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("extracted_with", String(40), nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", String(32), nullable=False),
)


def _doc_fk() -> Column:
    return Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True)


def _span() -> list[Column]:
    return [Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
            Column("confidence", Float, nullable=False)]


actors = Table(
    "actors",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("party", String(255)),
    Column("origin", String(16), nullable=False),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), _doc_fk(),
    Column("actor", String(255), nullable=False), Column("party", String(255)), Column("text", Text, nullable=False),
    Column("method", String(16), nullable=False), Column("role", Text), *_span(),
)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), _doc_fk(),
    Column("speaker", String(255), nullable=False), Column("speaker_text", Text, nullable=False),
    Column("party", String(255)), Column("kind", String(8), nullable=False), Column("cue", String(64), nullable=False),
    Column("text", Text, nullable=False), Column("speaker_start", Integer), Column("speaker_end", Integer),
    Column("date", String(10)), *_span(),
)

positions = Table(
    "positions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), _doc_fk(),
    Column("actor", String(255), nullable=False), Column("party", String(255)),
    Column("issue", String(64), nullable=False), Column("stance", String(16), nullable=False),
    Column("reported_by", String(255)), Column("cue", String(128)), Column("date", String(10)),
    Column("evidence", Text, nullable=False), *_span(),
    Index("ix_positions_party_issue", "party", "issue"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), _doc_fk(),
    Column("type", String(16), nullable=False), Column("trigger", String(128)), Column("actors", Text, nullable=False),
    Column("parties", Text, nullable=False), Column("location", String(255)), Column("date", String(10)),
    Column("date_precision", String(8)), Column("status", String(16), nullable=False),
    Column("sources", Text, nullable=False), Column("evidence", Text, nullable=False), *_span(),
    # the words the date was read from, into the original text (null: undated, or dated by its article)
    Column("date_start", Integer), Column("date_end", Integer), Column("date_text", Text),
    Index("ix_events_type_date", "type", "date"),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), _doc_fk(),
    Column("value", Float, nullable=False), Column("unit", String(16), nullable=False), Column("about", Text),
    Column("issue", String(64)), Column("text", Text, nullable=False), *_span(),
)

EXTRACTION_TABLES = (mentions, statements, positions, events, claims)

model_runs = Table(
    "model_runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", String(32), nullable=False),
    Column("method", String(16), nullable=False),
    Column("params", Text, nullable=False),  # JSON
    Column("inputs", Text, nullable=False),  # JSON: one row per actor and issue, with sources
    Column("result", Text, nullable=False),  # JSON
)

# the scenario packs this store was extracted with; the one `active` is the store's pack
packs = Table(
    "packs", metadata,
    Column("fingerprint", String(64), primary_key=True),
    Column("pack_id", String(128), nullable=False),
    Column("name", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("files", Text, nullable=False),  # JSON: file name -> text
    Column("origin", Text),  # the folder or bundled name it was read from
    Column("recorded_at", String(32), nullable=False),
    Column("active", Integer, nullable=False, default=0),
)

store_meta = Table(
    "store_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- the watch list: alerts fired by signals, and which extraction of each document they have seen --------

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),  # rule + evidence identity: never fired twice
    Column("rule", String(128), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("fired_at", String(32), nullable=False),
    Column("day", String(10)),  # the news date of the evidence that fired it
    Column("summary", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON list of spans
    Column("data", Text, nullable=False),  # JSON: the fields of the finding
    Column("delivered_at", String(32)),  # printed, appended and posted (an outbox a killed watch finishes)
    Index("ix_alerts_fired_at", "fired_at"),
)

watch_seen = Table(
    "watch_seen", metadata,
    Column("doc_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("extracted_with", String(40), nullable=False),
    Column("seen_at", String(32), nullable=False),
)

watch_rules = Table(
    "watch_rules", metadata,
    Column("name", String(128), primary_key=True),
    Column("fingerprint", String(16), primary_key=True),  # of the rule's fields: an edited rule looks at everything
    Column("added_at", String(32), nullable=False),
)
