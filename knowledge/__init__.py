"""The knowledge store: tables, sessions, seed loading, the alias resolver and queries."""
