"""Offline tools that render the scene: snapshot, fit check, contrast, preview.

`kiosk run` never imports them (an import-linter contract and a test hold it).
"""
