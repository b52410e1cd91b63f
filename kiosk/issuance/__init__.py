"""issuance."""
