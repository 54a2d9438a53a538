"""The awareness kiosk: teaches passers-by the signs of child sex trafficking and how to report."""

__version__ = "0.1.0"
