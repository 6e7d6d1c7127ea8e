"""Procedure catalog, forgiving Vietnamese search and dossier status (no Kivy here)."""
