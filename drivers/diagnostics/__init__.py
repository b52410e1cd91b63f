"""Hardware self-tests for ``kiosk diag``: one check module per device family, one runner."""
