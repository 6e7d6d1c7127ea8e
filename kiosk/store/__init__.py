"""The hub's store: the writer thread with group commit, the SQLite and PostgreSQL
backends with their migrations, the store file's lock, and backups."""
