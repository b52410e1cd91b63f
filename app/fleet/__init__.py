"""Fleet mode on the kiosk's side: the authority service behind the core's storage Protocols.

With ``[authority]`` in the config the composition root puts :mod:`app.fleet.remote`'s HTTP
adapters where the embedded register, NemID holdings, witness ledger, lockouts and open visits
would be; the kiosk's own journal, audit and postal orders stay in its SQLite file.
"""
