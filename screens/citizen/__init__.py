"""The citizen journey's screens, one module per step (see screens.registry)."""
