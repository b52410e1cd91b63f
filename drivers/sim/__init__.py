"""drivers/sim."""
