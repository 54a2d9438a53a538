"""The small typed objects QML talks to, one per job."""
