"""The only layer that imports Qt: the window, the bridges QML reads, the QR image provider."""
