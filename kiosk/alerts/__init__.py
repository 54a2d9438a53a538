"""AMBER Alerts and signed venue messages: the pure rules and a thin shell, no Qt.

``cap`` reads CAP 1.2 documents and Atom feeds of them (defusedxml, bounded); ``decide`` holds
the rules of what shows (status, message type, references, event, area, the window and the
trusted-clock rule) over an immutable ``Board``; ``reasons`` names every refusal. ``message``
reads and builds signed ``.kmsg`` venue messages; ``fetch``, ``photo`` and ``poll`` are the
shell that fetches (https or loopback, allowed hosts, bounded), decodes photos and copies
messages. The live kiosk's bridge (``kiosk.ui.bridges.alerts``) runs a poll off the GUI thread.
"""
