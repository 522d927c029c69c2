"""Gold-set loaders and scorers for every NLP stage."""
