"""Process plumbing for the running kiosk (Qt, no QML): heartbeat, signals, lock-down, watchers."""
