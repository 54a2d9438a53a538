"""What a content pack is: its model, loading, validation, limits and pictures. No Qt here.

Signing, trusted keys and the installed-pack store are :mod:`kiosk.intake`.
"""
