"""The awareness kiosk: teaches passers-by the signs of child sex trafficking and how to report."""

__version__ = "0.1.0"  # the one place; pyproject.toml reads it from here
