"""Performance measurements with their budgets: ``python -m benchmarks`` prints the table."""
