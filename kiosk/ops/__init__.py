"""Running unattended: the inbox and removable-media watcher, and later guard and watchdog."""
