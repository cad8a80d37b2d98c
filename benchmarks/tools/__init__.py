"""Tools: data for the studies, refits of shipped numbers, big logs, the docs' tables."""
