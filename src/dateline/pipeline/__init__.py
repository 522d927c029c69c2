"""The stages of the per-article pipeline."""
