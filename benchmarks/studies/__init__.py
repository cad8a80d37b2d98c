"""Studies of rules that were weighed, shipped or not (see docs/studies.md)."""
