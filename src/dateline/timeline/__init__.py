"""Timelines: choosing dates and the sentences or events that summarise each."""
