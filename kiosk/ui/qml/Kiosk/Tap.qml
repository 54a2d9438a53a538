pragma ComponentBehavior: Bound
import QtQuick

// A tap that a hesitant or shaky finger still completes: held as long as it likes, or slid a
// little within the item (TapHandler's defaults drop a press held past the long-press time).
TapHandler {
    gesturePolicy: TapHandler.ReleaseWithinBounds
    longPressThreshold: 600
}
