"""The web explorer."""
