import Testing
@testable import TerminalUI

@Suite struct TableViewTests {
    @Test func selectedRowIsReverseVideoAcrossTheWholeWidth() {
        let b = Scenes.ports(80, 24, selected: 1)
        #expect(style(b, row: 1) == String(repeating: "b", count: 80))   // header: bold (+underline)
        #expect(b[x: 3, y: 1].attrs == Attributes(bold: true, underline: true))
        #expect(style(b, row: 2) == String(repeating: ".", count: 80))   // row 0
        #expect(style(b, row: 3) == String(repeating: "r", count: 80))   // row 1 = selected
        #expect(style(b, row: 4) == String(repeating: ".", count: 80))
    }

    @Test func scrollOffsetKeepsTheSelectionVisibleWithMinimalMovement() {
        typealias T = TableView<[[String]]>
        // Selection below the view: scroll so it is the last visible row.
        #expect(T.scrollOffset(selected: 25, previous: 0, rowCount: 100, visibleRows: 10) == 16)
        // Selection inside the view: nothing moves.
        #expect(T.scrollOffset(selected: 20, previous: 16, rowCount: 100, visibleRows: 10) == 16)
        #expect(T.scrollOffset(selected: 25, previous: 16, rowCount: 100, visibleRows: 10) == 16)
        // Selection above the view: it becomes the first visible row.
        #expect(T.scrollOffset(selected: 3, previous: 16, rowCount: 100, visibleRows: 10) == 3)
        // The list shrank (filter): no blank rows at the bottom while rows are above.
        #expect(T.scrollOffset(selected: 2, previous: 16, rowCount: 12, visibleRows: 10) == 2)
        #expect(T.scrollOffset(selected: nil, previous: 16, rowCount: 12, visibleRows: 10) == 2)
        #expect(T.scrollOffset(selected: nil, previous: 16, rowCount: 5, visibleRows: 10) == 0)
        // Degenerate inputs.
        #expect(T.scrollOffset(selected: 5, previous: 3, rowCount: 0, visibleRows: 10) == 0)
        #expect(T.scrollOffset(selected: 5, previous: 3, rowCount: 10, visibleRows: 0) == 0)
        #expect(T.scrollOffset(selected: 99, previous: -4, rowCount: 10, visibleRows: 4) == 0)
    }

    @Test func movingTheSelectionDownAndUpScrollsOneRowAtATime() {
        var offset = 0
        var seen: [Int] = []
        let rows = (0..<40).map { ["row \($0)"] }
        for s in 0..<40 {
            var b = CellBuffer(width: 20, height: 11)  // header + 10 rows
            let t = TableView(columns: [TableColumn("Name")], rows: rows, selected: s, scrollOffset: offset)
            let layout = t.draw(in: b.bounds, on: &b, theme: mono)
            offset = layout.scrollOffset
            seen.append(offset)
            #expect(layout.visibleRows.contains(s))
            #expect(layout.pageSize == 10)
            #expect(b.lines()[1 + s - offset] == " row \(s)")
            #expect(style(b, row: 1 + s - offset) == String(repeating: "r", count: 20))
        }
        #expect(seen == [Int](repeating: 0, count: 10) + Array(1...30))
        // Back up: the view stays until the selection reaches its top.
        var b = CellBuffer(width: 20, height: 11)
        var layout = TableView(columns: [TableColumn("Name")], rows: rows, selected: 32, scrollOffset: offset)
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(layout.scrollOffset == 30)
        layout = TableView(columns: [TableColumn("Name")], rows: rows, selected: 29, scrollOffset: 30)
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(layout.scrollOffset == 29)
        #expect(b.lines()[1] == " row 29")
    }

    @Test func columnsFitNaturallyAndFlexTakesTheSpareWidthByWeight() {
        let cols = [TableColumn("A", width: .flex(min: 2, weight: 1)), TableColumn("B", width: .fixed(4)),
                    TableColumn("C", width: .flex(min: 2, weight: 3))]
        let w = TableView<[[String]]>.fitColumns(cols, titles: ["A", "B", "C"], rows: [["aa", "bbbb", "cc"]], width: 30,
                                                 spacing: 2)
        // natural 2 + 4 + 2 + gaps 4 = 12; 18 spare: 4 to A (18*1/4), the rest to C.
        #expect(w == [6, 4, 16])
        #expect(w.reduce(0, +) + 4 == 30)
    }

    @Test func tooNarrowShrinksTheWidestColumnsFirst() {
        let cols = [TableColumn("Name", width: .auto(min: 4)), TableColumn("ID", width: .auto(min: 4)),
                    TableColumn("S", width: .fixed(3))]
        let rows = [["a-very-long-name-here", "0123456789abcdef", "on"]]  // 21, 16, 3
        let w = TableView<[[String]]>.fitColumns(cols, titles: ["Name", "ID", "S"], rows: rows, width: 30, spacing: 1)
        // 30 - 2 gaps = 28 for 21 + 16 + 3: Name gives way to 16 first, then both shrink evenly.
        #expect(w == [13, 12, 3])
    }

    @Test func columnsThatCannotFitAreDroppedFromTheRight() {
        let cols = [TableColumn("Name", width: .fixed(10)), TableColumn("ID", width: .fixed(10)),
                    TableColumn("S", width: .fixed(6))]
        let t = TableView<[[String]]>.self
        #expect(t.fitColumns(cols, titles: ["Name", "ID", "S"], rows: [], width: 28, spacing: 1) == [10, 10, 6])
        #expect(t.fitColumns(cols, titles: ["Name", "ID", "S"], rows: [], width: 25, spacing: 1) == [10, 10, 3])
        #expect(t.fitColumns(cols, titles: ["Name", "ID", "S"], rows: [], width: 23, spacing: 1) == [10, 10, 0])
        #expect(t.fitColumns(cols, titles: ["Name", "ID", "S"], rows: [], width: 12, spacing: 1) == [10, 0, 0])
        #expect(t.fitColumns(cols, titles: ["Name", "ID", "S"], rows: [], width: 5, spacing: 1) == [5, 0, 0])
        #expect(t.fitColumns([], titles: [], rows: [], width: 5, spacing: 1) == [])
    }

    @Test func cellsAreCutWithAnEllipsisWithoutSplittingWideCharacters() {
        var b = CellBuffer(width: 24, height: 3)
        let rows = [["数据库主节点", "6f1c2d3e-8a9b"], ["负载均衡器-外网入口", "x"]]
        TableView(columns: [TableColumn("Name", width: .fixed(9)), TableColumn("ID", width: .fixed(10))], rows: rows)
            .draw(in: b.bounds, on: &b, theme: mono)
        // Name: 9 columns = 4 CJK characters (8) + ellipsis; never half of the fifth.
        #expect(b.lines() == [" Name       ID", " 数据库主…  6f1c2d3e-…", " 负载均衡…  x"])
        #expect(wideInvariantHolds(b))
    }

    @Test func rightAlignedColumnsAndASCIIGlyphs() {
        var b = CellBuffer(width: 20, height: 3)
        TableView(columns: [TableColumn("Port"), TableColumn("Pairs", width: .fixed(5), alignment: .right)],
                  rows: [["abcdefghijklmnopq", "12"], ["db", "3"]], sort: (1, false))
            .draw(in: b.bounds, on: &b, theme: .monochrome(glyphs: .ascii))
        // "Pairs" + "v" does not fit 5 columns: the title is cut, the sort arrow stays.
        #expect(b.lines() == [" Port" + spaces(10) + "Pai~v", " abcdefghijk~     12", " db" + spaces(16) + "3"])
    }

    @Test func emptyTableShowsTheEmptyText() {
        var b = CellBuffer(width: 30, height: 4)
        let layout = TableView(columns: [TableColumn("Name")], rows: [[String]](), emptyText: "(no ports)")
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == [" Name", " (no ports)", "", ""])
        #expect(style(b, row: 1).hasPrefix(".dddddddddd."))
        #expect(layout.visibleRows.isEmpty)
    }

    @Test func drawsOnlyInsideItsRect() {
        var b = CellBuffer(width: 30, height: 6)
        b.fill(b.bounds, with: "x")
        TableView(columns: [TableColumn("Name")], rows: [["a"], ["b"], ["c"], ["d"]], selected: 3)
            .draw(in: Rect(x: 2, y: 1, width: 10, height: 3), on: &b, theme: mono)
        let x18 = String(repeating: "x", count: 18)
        #expect(b.lines() == [String(repeating: "x", count: 30),
                              "xx Name     " + x18,
                              "xx c        " + x18,
                              "xx d        " + x18,
                              String(repeating: "x", count: 30),
                              String(repeating: "x", count: 30)])
        #expect(style(b, row: 3) == ".." + String(repeating: "r", count: 10) + String(repeating: ".", count: 18))
    }
}

@Suite struct HeaderBarTests {
    @Test func badgeStaysAndLongestSegmentsAreCutFirst() {
        var b = CellBuffer(width: 50, height: 1)
        HeaderBar(left: ["vipctl", "huawei-cn-north-production", "cn-north-4", "数据库项目-生产", "admin"], mode: .live)
            .draw(in: b.bounds, on: &b, theme: mono)
        // 30 columns for 62 columns of segments: the long ones shrink until all are alike.
        #expect(b.lines() == [" vipctl · huawei… · cn-no… · 数据… · admin  [LIVE]"])
        #expect(wideInvariantHolds(b))
    }

    @Test func rightSegmentsShowWhenThereIsRoomAndGoFirstWhenThereIsNot() {
        var wide = CellBuffer(width: 60, height: 1)
        HeaderBar(left: ["vipctl", "demo"], right: ["12:04"], mode: .demo).draw(in: wide.bounds, on: &wide, theme: mono)
        #expect(wide.lines() == [" vipctl · demo" + spaces(34) + "12:04 [DEMO]"])
        var narrow = CellBuffer(width: 20, height: 1)
        HeaderBar(left: ["vipctl", "demo-cloud"], right: ["12:04"], mode: .demo).draw(in: narrow.bounds, on: &narrow, theme: mono)
        #expect(narrow.lines() == [" vipc… · dem… [DEMO]"])
    }

    @Test func colourAndMonochromeStyles() {
        var c = CellBuffer(width: 40, height: 1)
        HeaderBar(left: ["vipctl"], mode: .readOnly).draw(in: c.bounds, on: &c, theme: colorTheme)
        #expect(c.lines() == [" vipctl" + spaces(23) + "READ-ONLY"])
        #expect(c[x: 0, y: 0].attrs.bg == .blue)
        #expect(c[x: 35, y: 0].attrs.bg == .yellow)
        var m = CellBuffer(width: 40, height: 1)
        HeaderBar(left: ["vipctl"], mode: .readOnly).draw(in: m.bounds, on: &m, theme: mono)
        #expect(m.lines() == [" vipctl" + spaces(22) + "[READ-ONLY]"])
        #expect(style(m, row: 0) == "rRRRRRR" + String(repeating: "r", count: 22) + String(repeating: "R", count: 11))
        #expect(m.cells.allSatisfy { $0.attrs.fg == nil && $0.attrs.bg == nil })
    }

    @Test func badgeOnlyWhenTheTerminalIsTiny() {
        var b = CellBuffer(width: 8, height: 1)
        HeaderBar(left: ["vipctl", "cloud"], mode: .readOnly).draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == ["[READ-ON"])
    }
}

@Suite struct StatusBarTests {
    @Test func spinnerFramesCycle() {
        var frames: [String] = []
        for i in 0..<12 {
            var b = CellBuffer(width: 30, height: 1)
            StatusBar(message: "loading ports", spinnerFrame: i).draw(in: b.bounds, on: &b, theme: mono)
            frames.append(b.lines()[0])
        }
        #expect(frames[0] == " ⠋ loading ports")
        #expect(frames[1] == " ⠙ loading ports")
        #expect(frames[10] == frames[0])
        var a = CellBuffer(width: 30, height: 1)
        StatusBar(message: "loading ports", spinnerFrame: -3).draw(in: a.bounds, on: &a, theme: .monochrome(glyphs: .ascii))
        #expect(a.lines() == [" / loading ports"])
    }

    @Test func hintsAreRightAlignedWithBoldKeys() {
        var b = CellBuffer(width: 40, height: 1)
        StatusBar(message: "30 ports", hints: [Hint("?", "help"), Hint("q", "back")]).draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == [" 30 ports" + spaces(16) + "? help  q back"])
        #expect(style(b, row: 0) == String(repeating: ".", count: 25) + "b" + "......." + "b" + "......")
    }

    @Test func theMessageWinsOverHintsThenIsCut() {
        var b = CellBuffer(width: 40, height: 1)
        StatusBar(message: "loaded 1200 of 5000 ports", hints: [Hint("?", "help"), Hint("/", "filter")])
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == [" loaded 1200 of 5000 ports" + spaces(7) + "? help"])
        var c = CellBuffer(width: 30, height: 1)
        StatusBar(message: "HTTP 503 ServiceUnavailable (req-4f2a9c1e)", isError: true, hints: [Hint("e", "details")])
            .draw(in: c.bounds, on: &c, theme: mono)
        #expect(c.lines() == [" HTTP 503 ServiceUnavailable…"])
        #expect(style(c, row: 0) == String(repeating: "R", count: 30))  // error: whole line bold reverse
    }

    @Test func errorLineInColour() {
        var b = CellBuffer(width: 30, height: 1)
        StatusBar(message: "HTTP 404 PortNotFound", isError: true).draw(in: b.bounds, on: &b, theme: colorTheme)
        #expect(b.cells.allSatisfy { $0.attrs.bg == .red && $0.attrs.bold })
    }
}

@Suite struct DetailPaneTests {
    @Test func scrollingClampsAndShowsThePosition() {
        var b = CellBuffer(width: 40, height: 5)
        let pane = DetailPane(title: "Port", content: .fields((1...10).map { .init("k\($0)", "v\($0)") }), scrollOffset: 99)
        let layout = pane.draw(in: b.bounds, on: &b, theme: mono)
        #expect(layout == DetailPane.Layout(totalLines: 10, pageSize: 4, scrollOffset: 6))
        #expect(b.lines() == [" Port" + spaces(27) + "7-10/10", " k7   v7", " k8   v8", " k9   v9", " k10  v10"])
        var top = CellBuffer(width: 40, height: 5)
        let first = DetailPane(title: "Port", content: .fields((1...10).map { .init("k\($0)", "v\($0)") }), scrollOffset: -2)
            .draw(in: top.bounds, on: &top, theme: mono)
        #expect(first.scrollOffset == 0)
        #expect(top.lines()[0] == " Port" + spaces(28) + "1-4/10")
    }

    @Test func keysAreBoldAndCappedAtAThird() {
        var b = CellBuffer(width: 30, height: 3)
        DetailPane(content: .fields([.init("A very long key name", "value"), .init("id", "数据库主节点数据库主节点")]))
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == [" A very l…  value", " id         数据库主节点数据", "            库主节点"])
        #expect(style(b, row: 0).hasPrefix(".bbbbbbbbb.."))
    }

    @Test func rawTextWrapsWithAHangingIndent() {
        let lines = DetailPane.lines(.text("{\n  \"name\": \"数据库主节点数据库主节点\"\n}"), width: 20)
        #expect(lines.map(\.text) == ["{", "  \"name\":", "    \"数据库主节点数", "    据库主节点\"", "}"])
    }
}

@Suite struct DialogTests {
    @Test func centredWithTheSelectedButtonReversed() {
        var b = CellBuffer(width: 40, height: 10)
        let frame = Dialog(title: "Quit?", lines: ["Stop vipctl now?"], buttons: ["Yes", "No"], selectedButton: 0)
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(frame == Rect(x: 9, y: 2, width: 22, height: 6))
        #expect(b.lines() == ["", "",
                              "         ┌─ Quit? ────────────┐",
                              "         │                    │",
                              "         │  Stop vipctl now?  │",
                              "         │                    │",
                              "         │  [ Yes ]  [ No ]   │",
                              "         └────────────────────┘",
                              "", ""])
        #expect(style(b, row: 6) == String(repeating: ".", count: 12) + "rrrrrrr" + String(repeating: ".", count: 21))
    }

    @Test func errorDialogWithoutButtonsInASCII() {
        var b = CellBuffer(width: 30, height: 7)
        Dialog(title: "Error", lines: ["端口不存在 (404)"], buttons: [], style: .error)
            .draw(in: b.bounds, on: &b, theme: .monochrome(glyphs: .ascii))
        #expect(b.lines() == ["",
                              "    +- Error ------------+",
                              "    |                    |",
                              "    |  端口不存在 (404)  |",
                              "    |                    |",
                              "    +--------------------+",
                              ""])
        #expect(b[x: 4, y: 1].attrs == mono.error)
        #expect(b[x: 25, y: 3].attrs == mono.error)
    }

    @Test func tooSmallAreaDrawsNothing() {
        var b = CellBuffer(width: 6, height: 2)
        let frame = Dialog(title: "T", lines: ["x"]).draw(in: b.bounds, on: &b, theme: mono)
        #expect(frame.isEmpty)
        #expect(b.lines() == ["", ""])
    }
}

@Suite struct TextInputTests {
    @Test func cursorAtTheEndIsAReversedSpace() {
        var b = CellBuffer(width: 20, height: 1)
        TextInput(prompt: "Filter: ", text: "db").draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == ["Filter: db"])
        #expect(style(b, row: 0) == "bbbbbbbb..r.........")
    }

    @Test func cursorOnAWideCharacterCoversBothColumns() {
        var b = CellBuffer(width: 20, height: 1)
        TextInput(prompt: "/", text: "数据库", cursor: 1).draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == ["/数据库"])
        #expect(style(b, row: 0) == "b..rr" + String(repeating: ".", count: 15))
    }

    @Test func longTextScrollsToKeepTheCursorVisible() {
        var b = CellBuffer(width: 10, height: 1)
        TextInput(prompt: "/", text: "abcdefghijklmnop").draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == ["/ijklmnop"])
        #expect(style(b, row: 0) == "b........r")
        var c = CellBuffer(width: 10, height: 1)
        TextInput(prompt: "/", text: "数据库主节点数据库", cursor: 9).draw(in: c.bounds, on: &c, theme: mono)
        // 9 columns for the field: the cursor space plus four CJK characters.
        #expect(c.lines() == ["/点数据库"])
        #expect(wideInvariantHolds(c))
        var d = CellBuffer(width: 10, height: 1)
        TextInput(prompt: "/", text: "abcdefghijklmnop", cursor: 0).draw(in: d.bounds, on: &d, theme: mono)
        #expect(d.lines() == ["/abcdefghi"])
        #expect(style(d, row: 0) == "br........")
    }

    @Test func placeholderWhenEmpty() {
        var b = CellBuffer(width: 30, height: 1)
        TextInput(prompt: ":", text: "", placeholder: "ports, vips, servers").draw(in: b.bounds, on: &b, theme: mono)
        #expect(b.lines() == [": ports, vips, servers"])
        #expect(style(b, row: 0).hasPrefix("br" + String(repeating: "d", count: 20)))
    }

    @Test func firstVisibleIsPure() {
        let chars = Array("数据库主节点")
        #expect(TextInput.firstVisible(chars, cursor: 0, fieldWidth: 5) == 0)
        #expect(TextInput.firstVisible(chars, cursor: 6, fieldWidth: 5) == 4)   // 2 chars (4) + cursor (1)
        #expect(TextInput.firstVisible(chars, cursor: 3, fieldWidth: 6) == 1)   // 据库 + cursor on 主 (2 columns)
        #expect(TextInput.firstVisible(chars, cursor: 6, fieldWidth: 100) == 0)
    }
}

@Suite struct HelpOverlayTests {
    @Test func disabledEntriesAreDimWithTheirReason() {
        let b = Scenes.help(80, 24)
        let rows = b.lines()
        let bindRow = rows.firstIndex { $0.contains("Bind a VIP") } ?? -1
        #expect(rows[bindRow].contains("(disabled: read-only mode)"))
        let s = style(b, row: bindRow)
        let descStart = DisplayWidth.of(String(rows[bindRow].prefix(while: { $0 != "B" })))
        #expect(s[s.index(s.startIndex, offsetBy: descStart)] == "d")
        let openRow = rows.firstIndex { $0.contains("Open the selected port") } ?? -1
        #expect(!style(b, row: openRow).contains("d"))
    }

    @Test func scrollsWhenTheEntriesDoNotFit() {
        let entries = (1...30).map {
            HelpEntry(keys: [.function($0)], name: "f\($0)", description: "Function \($0)", context: .global, disabledReason: nil)
        }
        var b = CellBuffer(width: 40, height: 12)
        let layout = HelpOverlay(sections: [HelpSection(title: "Global", entries: entries)], scrollOffset: 5)
            .draw(in: b.bounds, on: &b, theme: mono)
        #expect(layout == DetailPane.Layout(totalLines: 31, pageSize: 8, scrollOffset: 5))
        #expect(b.lines()[2] == "          │ F5   Function 5  │")
        #expect(b.lines()[10].contains("6-13/31"))
    }
}

@Suite struct TooSmallTests {
    @Test func appliesBelow80x24() {
        #expect(TooSmall.applies(to: Size(width: 79, height: 24)))
        #expect(TooSmall.applies(to: Size(width: 80, height: 23)))
        #expect(!TooSmall.applies(to: Size(width: 80, height: 24)))
        #expect(!TooSmall.applies(to: Size(width: 120, height: 40)))
        #expect(!TooSmall.applies(to: Size(width: 20, height: 5), minimum: Size(width: 20, height: 5)))
    }

    @Test func tinyTerminalsDoNotBreak() {
        for (w, h) in [(0, 0), (1, 1), (5, 1), (12, 3)] {
            var b = CellBuffer(width: w, height: h)
            TooSmall.draw(on: &b, theme: mono)
            #expect(b.lines().count == h)
            #expect(wideInvariantHolds(b))
        }
        var b = CellBuffer(width: 20, height: 2)
        TooSmall.draw(on: &b, theme: mono)
        #expect(b.lines() == [" Terminal too small", "20x2, needs at least"])
    }
}

@Suite struct ThemeTests {
    @Test func noColorAndLocaleSelectTheTheme() {
        #expect(TerminalCapabilities.noColorRequested(["NO_COLOR": "1"]))
        #expect(TerminalCapabilities.noColorRequested(["NO_COLOR": "anything"]))
        #expect(!TerminalCapabilities.noColorRequested(["NO_COLOR": ""]))
        #expect(!TerminalCapabilities.noColorRequested([:]))
        #expect(Theme.forTerminal(TerminalCapabilities(utf8: true, colors: true)) == .color(glyphs: .unicode))
        #expect(Theme.forTerminal(TerminalCapabilities(utf8: true, colors: false)) == .monochrome(glyphs: .unicode))
        #expect(Theme.forTerminal(TerminalCapabilities(utf8: false, colors: false)) == .monochrome(glyphs: .ascii))
        #expect(TerminalCapabilities(utf8: false, colors: true).boxStyle == .ascii)
    }

    @Test func monochromeScreensUseAttributesOnly() {
        for b in [Scenes.ports(80, 24), Scenes.dialog(80, 24), Scenes.help(80, 24), Scenes.error(80, 24)] {
            #expect(b.cells.allSatisfy { $0.attrs.fg == nil && $0.attrs.bg == nil })
        }
        let colour = Scenes.ports(80, 24, theme: colorTheme)
        #expect(colour.cells.contains { $0.attrs.fg != nil || $0.attrs.bg != nil })
        // Without colour, the selection and the badge still stand out.
        #expect(mono.selection.reverse && mono.error.reverse && mono.live.reverse)
    }

    @Test func asciiGlyphsAreASCII() {
        let g = Glyphs.ascii
        let all = [String(g.box.horizontal), String(g.box.vertical), String(g.box.topLeft), String(g.box.topRight),
                   String(g.box.bottomLeft), String(g.box.bottomRight), g.ellipsis, g.separator, g.ascending, g.descending]
            + g.spinner
        #expect(all.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 0x7F } })
    }
}

func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }
