"""Qt-free plumbing every layer may use: where the app's files are, safe YAML, problems
with a place.
"""
