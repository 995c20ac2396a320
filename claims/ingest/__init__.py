"""Readers that turn files into Articles: plain text, HTML, Word, JSON Lines, CSV and folders."""

from claims.ingest.files import ReadOptions, Skipped, read_paths

__all__ = ["ReadOptions", "Skipped", "read_paths"]
