"""What to show now: the slide sequence and the touch session. No Qt here."""
