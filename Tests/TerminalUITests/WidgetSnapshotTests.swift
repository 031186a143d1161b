import Testing
@testable import TerminalUI

/// Every widget drawn into whole screens at 80x24 and 120x40, compared as text with the files
/// in `__Snapshots__/widgets/`. Attributes are checked in WidgetTests.
@Suite struct WidgetSnapshotTests {
    func expectScreen(_ b: CellBuffer, _ snapshot: String, sourceLocation: SourceLocation = #_sourceLocation) {
        Snapshot.assertMatches(b.lines(), snapshot, sourceLocation: sourceLocation)
        #expect(wideInvariantHolds(b), sourceLocation: sourceLocation)
    }

    @Test func portsTable80x24() {
        expectScreen(Scenes.ports(80, 24), "widgets/ports-table-80x24")
    }

    @Test func portsTable120x40() {
        expectScreen(Scenes.ports(120, 40), "widgets/ports-table-120x40")
    }

    @Test func portsTableScrolledToSelection80x24() {
        expectScreen(Scenes.ports(80, 24, selected: 27, offset: 3), "widgets/ports-table-scrolled-to-selection-80x24")
    }

    @Test func portsTableScrolledToSelection120x40() {
        expectScreen(Scenes.ports(120, 40, selected: 27, offset: 3), "widgets/ports-table-scrolled-to-selection-120x40")
    }

    @Test func detailPaneFields80x24() {
        expectScreen(Scenes.detail(80, 24), "widgets/detail-pane-fields-80x24")
    }

    @Test func detailPaneFields120x40() {
        expectScreen(Scenes.detail(120, 40), "widgets/detail-pane-fields-120x40")
    }

    @Test func detailPaneRawJSON80x24() {
        expectScreen(Scenes.detailJSON(80, 24, offset: 2), "widgets/detail-pane-raw-json-80x24")
    }

    @Test func detailPaneRawJSON120x40() {
        expectScreen(Scenes.detailJSON(120, 40, offset: 2), "widgets/detail-pane-raw-json-120x40")
    }

    @Test func dialogOverTable80x24() {
        expectScreen(Scenes.dialog(80, 24), "widgets/dialog-over-table-80x24")
    }

    @Test func dialogOverTable120x40() {
        expectScreen(Scenes.dialog(120, 40), "widgets/dialog-over-table-120x40")
    }

    @Test func filterTextInput80x24() {
        expectScreen(Scenes.filter(80, 24), "widgets/filter-text-input-80x24")
    }

    @Test func filterTextInput120x40() {
        expectScreen(Scenes.filter(120, 40), "widgets/filter-text-input-120x40")
    }

    @Test func helpOverlay80x24() {
        expectScreen(Scenes.help(80, 24), "widgets/help-overlay-80x24")
    }

    @Test func helpOverlay120x40() {
        expectScreen(Scenes.help(120, 40), "widgets/help-overlay-120x40")
    }

    @Test func errorStatusAndEmptyTable80x24() {
        expectScreen(Scenes.error(80, 24), "widgets/error-status-and-empty-table-80x24")
    }

    @Test func errorStatusAndEmptyTable120x40() {
        expectScreen(Scenes.error(120, 40), "widgets/error-status-and-empty-table-120x40")
    }

    @Test func tooSmall79x24() {
        var b = CellBuffer(width: 79, height: 24)
        TooSmall.draw(on: &b, hint: "Enlarge the window, or press Q to quit", theme: mono)
        expectScreen(b, "widgets/too-small-79x24")
    }

    @Test func tooSmall40x10() {
        var b = CellBuffer(width: 40, height: 10)
        TooSmall.draw(on: &b, hint: "Enlarge the window, or press Q to quit", theme: mono)
        expectScreen(b, "widgets/too-small-40x10")
    }
}
