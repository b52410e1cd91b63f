"""The embedded implementations of the repositories, over SQLite: the only SQL of the product.

:mod:`~kiosk.storage.sqlite.database` opens a file the kiosk's way (WAL, busy timeout, versioned
:mod:`~kiosk.storage.sqlite.migrations`, backups first); each other module is one ``Sqlite*``
repository of :mod:`kiosk.storage.repositories` over the kiosk or the register database.
"""
