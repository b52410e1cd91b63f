"""Journey scenarios: the JSON format of a citizen's visit and the runner that plays it, no UI."""
