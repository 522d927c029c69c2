"""The web explorer: ``create_app(db)`` for an ASGI server, ``serve(db)`` to run one on loopback."""

from dateline.web.app import create_app, serve

__all__ = ["create_app", "serve"]
