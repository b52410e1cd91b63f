"""The authority's PostgreSQL implementations of the storage Protocols, for fleet mode.

One database serves every kiosk of the fleet; each national rule is decided inside one
transaction under a lock on the witness or citizen it is about, and each state change is
audited in the same transaction. Only the authority service opens it.
"""
