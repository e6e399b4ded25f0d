"""Performance benchmarks: scripts that print figures (run with `make bench`), not tests."""
