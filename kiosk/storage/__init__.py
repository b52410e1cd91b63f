"""Storage: the two SQLite files of the kiosk and the repositories over them.

The kiosk database (``config.storage.database``) holds the kiosk's own records: the audit log,
question lockouts, the witness ledger, the exemption and outreach queues and the tables other
modules add through :mod:`kiosk.storage.migrations`. It never holds a plain CPR number, password
or code: people are keyed by ``cpr_ref`` (:mod:`kiosk.storage.cpr_ref`). The register database
(``register.sqlite`` beside it) is the embedded stand-in for the national CPR register and the
NemID authority, seeded from ``assets/register/personas.json``.
"""
