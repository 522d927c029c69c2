"""The data stages load: gazetteers, actor lists, lexicons and trained weights, versioned, loaded once per process."""
