"""The live kiosk: the window, the bridges QML talks to, the QML itself, its translations."""
