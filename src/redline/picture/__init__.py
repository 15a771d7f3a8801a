"""The picture across sources: one timeline, a position tracker, contradictions, source comparison
and the briefing built from them."""
