"""Storage: the repositories of the kiosk's records, and the two SQLite files behind them today.

The core asks the Protocols of :mod:`kiosk.storage.repositories` (one per aggregate) and the
unit of work there; :mod:`kiosk.storage.stores` opens the embedded implementations from the
config. All SQL and every ``sqlite3`` import of the product sit in :mod:`kiosk.storage.sqlite`.
The kiosk database (``config.storage.database``) holds the kiosk's own records: the audit log,
question lockouts, the witness ledger, the staff queues, the issuance journal and the postal
orders. It never holds a plain CPR number, password or code: people are keyed by ``cpr_ref``
(:mod:`kiosk.storage.cpr_ref`). The register database (``register.sqlite`` beside it) is the
embedded stand-in for the national CPR register and the NemID authority, seeded from
``kiosk/assets/register/personas.json``.
"""
