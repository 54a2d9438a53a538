"""Signed intake: pack archives, signatures, trusted keys, the installed-pack store. No Qt here."""
