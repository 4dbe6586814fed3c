"""Subtitle formats: writers (srt, vtt, json) and readers (read)."""
