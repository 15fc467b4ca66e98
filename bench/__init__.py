"""innograph's benchmarks: ``python -m bench`` (``make bench``) prints and writes the tables."""
