"""The cache of anonymous page views (cache.py) and what purges it (signals.py)."""
