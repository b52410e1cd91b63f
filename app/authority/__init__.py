"""The fleet's national authority service: its own entry point and composition root.

``kiosk authority serve`` runs it (Starlette under uvicorn, mutual TLS) over the PostgreSQL
repositories of :mod:`kiosk.storage.postgres`; the web framework and the server stay here, out
of the core.
"""
