"""Corpus-level work that needs many articles: actors merged across articles, events deduplicated."""
