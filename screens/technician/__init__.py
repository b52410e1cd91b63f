"""Technician diagnostics: device tests, camera preview, versions, errors, bundle export."""
