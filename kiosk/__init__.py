"""The NemID kiosk's application core: domain, policy, journey, storage, audit and CLI.

Nothing in this package imports Kivy or a hardware library; devices are reached through the
ports in :mod:`kiosk.ports`, and the composition root in :mod:`app.bootstrap` wires them.
"""
