import Testing
import TestSupport
@testable import TerminalUI

@Suite struct CellBufferTests {
    @Test func putTextAndReadLines() {
        var b = CellBuffer(width: 10, height: 2)
        let end = b.put(x: 1, y: 0, text: "ab", attrs: .bold)
        #expect(end == 3)
        #expect(b.lines() == [" ab", ""])
        #expect(b[x: 1, y: 0] == Cell(text: "a", width: 1, attrs: .bold))
        #expect(b[x: 0, y: 0] == .blank)
        #expect(b[x: 99, y: 99] == .blank)  // outside: blank, no crash
    }

    @Test func wideCharactersTakeTwoCells() {
        var b = CellBuffer(width: 8, height: 1)
        let end = b.put(x: 0, y: 0, text: "数据a")
        #expect(end == 5)
        #expect(b[x: 0, y: 0] == Cell(text: "数", width: 2))
        #expect(b[x: 1, y: 0].isContinuation)
        #expect(b[x: 2, y: 0] == Cell(text: "据", width: 2))
        #expect(b[x: 4, y: 0] == Cell(text: "a", width: 1))
        #expect(b.lines() == ["数据a"])
        #expect(wideInvariantHolds(b))
    }

    @Test func wideCharacterAtTheRightEdgeBecomesASpace() {
        var b = CellBuffer(width: 5, height: 1)
        b.put(x: 0, y: 0, text: "ab数据", attrs: .reverse)
        // a b 数 数' | 据 would need columns 4 and 5: column 4 gets a space.
        #expect(b.lines() == ["ab数"])
        #expect(b[x: 4, y: 0] == .space(.reverse))
        #expect(wideInvariantHolds(b))
        // Same at the edge of a clip rectangle inside the buffer.
        var c = CellBuffer(width: 10, height: 1)
        c.put(x: 0, y: 0, text: "数据库", clip: Rect(x: 0, y: 0, width: 5, height: 1))
        #expect(c.lines() == ["数据"])
        #expect(c[x: 4, y: 0] == .blank)
        #expect(c[x: 5, y: 0] == .blank)
        #expect(wideInvariantHolds(c))
    }

    @Test func wideCharacterCutByTheLeftClipEdgeBecomesASpace() {
        var b = CellBuffer(width: 8, height: 1)
        b.fill(b.bounds, with: "x")
        b.put(x: 1, y: 0, text: "数据", attrs: .bold, clip: Rect(x: 2, y: 0, width: 6, height: 1))
        // 数 would cover columns 1-2; only column 2 is inside the clip.
        #expect(b.lines() == ["xx 据xxx"])
        #expect(b[x: 1, y: 0].text == "x")
        #expect(b[x: 2, y: 0] == .space(.bold))
        #expect(wideInvariantHolds(b))
    }

    @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
        var b = CellBuffer(width: 6, height: 1)
        b.put(x: 0, y: 0, text: "数据库")
        b.put(x: 1, y: 0, text: "a")      // right half of 数
        #expect(b.lines() == [" a据库"])
        #expect(wideInvariantHolds(b))

        b.put(x: 0, y: 0, text: "数据库")
        b.put(x: 2, y: 0, text: "b")      // left half of 据
        #expect(b.lines() == ["数b 库"])
        #expect(wideInvariantHolds(b))

        b.put(x: 0, y: 0, text: "数据库")
        b.put(x: 1, y: 0, text: "中")     // straddles 数 and 据
        #expect(b.lines() == [" 中 库"])
        #expect(wideInvariantHolds(b))

        b.put(x: 0, y: 0, text: "数据库")
        b.put(x: 3, y: 0, text: "cd")     // right half of 据 and left half of 库
        #expect(b.lines() == ["数 cd"])
        #expect(wideInvariantHolds(b))
    }

    @Test func clipsToBufferAndRect() {
        var b = CellBuffer(width: 6, height: 3)
        b.put(x: -2, y: 0, text: "abcdefgh")
        b.put(x: 4, y: 1, text: "wxyz")
        b.put(x: 0, y: 5, text: "nothing")
        b.put(x: 0, y: -1, text: "nothing")
        #expect(b.lines() == ["cdefgh", "    wx", ""])
        var c = CellBuffer(width: 6, height: 3)
        let r = Rect(x: 1, y: 1, width: 3, height: 1)
        let end = c.put(x: 0, y: 1, text: "abcdef", clip: r)
        #expect(end == 6)  // as if unclipped
        c.put(x: 0, y: 2, text: "outside", clip: r)
        #expect(c.lines() == ["", " bcd", ""])
    }

    @Test func controlCharactersAreDrawnAsVisibleEscapes() {
        var b = CellBuffer(width: 30, height: 1)
        let end = b.put(x: 0, y: 0, text: "a\u{1B}[2Jb\tc\nd\u{7F}\u{9B}\u{202E}")
        #expect(b.lines() == ["a\\e[2Jb\\tc\\nd\\x7f\\x9b\\u202e"])
        #expect(end == 27)
        #expect(!b.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) } })
    }

    @Test func combiningMarksStayInTheirCellAndAZeroWidthSpaceIsShown() {
        var b = CellBuffer(width: 12, height: 1)
        b.put(x: 0, y: 0, text: "e\u{301}x\u{200B}y")
        #expect(b[x: 0, y: 0] == Cell(text: "e\u{301}", width: 1))
        #expect(b[x: 1, y: 0].text == "x")
        #expect(b.lines() == ["e\u{301}x\\u200by"])
    }

    @Test func fillCoversTheRectAndHandlesWideFillCharacters() {
        var b = CellBuffer(width: 5, height: 3)
        b.fill(Rect(x: 1, y: 1, width: 3, height: 2), with: "#", attrs: .reverse)
        #expect(b.lines() == ["", " ###", " ###"])
        #expect(b[x: 1, y: 1].attrs == .reverse)
        #expect(b[x: 0, y: 1].attrs == .none)
        var c = CellBuffer(width: 5, height: 1)
        c.fill(c.bounds, with: "中")
        #expect(c.lines() == ["中中"])
        #expect(wideInvariantHolds(c))
        // Filling through the middle of a wide character clears its outside half.
        var d = CellBuffer(width: 6, height: 1)
        d.put(x: 0, y: 0, text: "数据库")
        d.fill(Rect(x: 1, y: 0, width: 2, height: 1), with: "-")
        #expect(d.lines() == [" -- 库"])
        #expect(wideInvariantHolds(d))
    }

    @Test func attributesOfWideCharactersChangeTogether() {
        var b = CellBuffer(width: 6, height: 1)
        b.put(x: 0, y: 0, text: "数据库")
        b.setAttributes(.reverse, in: Rect(x: 1, y: 0, width: 2, height: 1))
        // Columns 1-2 touch 数 (right half) and 据 (left half): both whole characters change.
        #expect(style(b, row: 0) == "rrrr..")
        #expect(b.lines() == ["数据库"])
        #expect(wideInvariantHolds(b))
    }

    @Test func drawBoxUnicodeAndASCII() {
        var b = CellBuffer(width: 12, height: 3)
        b.drawBox(b.bounds, style: .unicode, title: "端口")
        #expect(b.lines() == ["┌─ 端口 ───┐", "│          │", "└──────────┘"])
        var a = CellBuffer(width: 12, height: 3)
        a.drawBox(a.bounds, style: .ascii, title: "a very long title")
        #expect(a.lines() == ["+- a ver… -+", "|          |", "+----------+"])
    }

    // MARK: - diff

    @Test func diffOfEqualBuffersIsEmpty() {
        var b = CellBuffer(width: 10, height: 3)
        b.put(x: 0, y: 1, text: "same 数据")
        #expect(b.diff(from: b).isEmpty)
    }

    @Test func diffGivesChangedRunsPerRow() {
        var old = CellBuffer(width: 10, height: 3)
        old.put(x: 0, y: 0, text: "abcdefghij")
        var new = old
        new.put(x: 2, y: 0, text: "XY")
        new.put(x: 7, y: 0, text: "Z")
        new.put(x: 0, y: 2, text: "q", attrs: .bold)
        let runs = new.diff(from: old)
        #expect(runs.map { "\($0.y):\($0.x):\($0.text)" } == ["0:2:XY", "0:7:Z", "2:0:q"])
        #expect(runs[2].cells == [Cell(text: "q", width: 1, attrs: .bold)])
    }

    @Test func diffSeesAttributeOnlyChanges() {
        var old = CellBuffer(width: 6, height: 1)
        old.put(x: 0, y: 0, text: "row")
        var new = old
        new.setAttributes(.reverse, in: new.bounds)
        let runs = new.diff(from: old)
        #expect(runs.count == 1)
        #expect(runs[0].x == 0 && runs[0].cells.count == 6)
    }

    @Test func diffRunsNeverSplitAWideCharacter() {
        var old = CellBuffer(width: 8, height: 1)
        old.put(x: 0, y: 0, text: "ab数cd")
        // Only the attributes of the continuation cell's character change... via a rewrite of
        // the same character with other attributes: both halves differ; the run has both.
        var new = old
        new.put(x: 2, y: 0, text: "数", attrs: .bold)
        var runs = new.diff(from: old)
        #expect(runs.count == 1)
        #expect(runs[0].x == 2 && runs[0].cells.count == 2)

        // A wide character replacing two narrow ones: the run starts at its leading cell.
        new = old
        new.put(x: 4, y: 0, text: "中")
        runs = new.diff(from: old)
        #expect(runs.map(\.x) == [4])
        #expect(runs[0].cells.first?.text == "中")
        #expect(runs[0].cells.count == 2)
        for run in runs {
            #expect(!(run.cells.first?.isContinuation ?? true))
            #expect(run.cells.last?.width != 2)
        }
    }

    @Test func diffWithADifferentSizeRedrawsEverything() {
        var old = CellBuffer(width: 4, height: 2)
        old.put(x: 0, y: 0, text: "ab")
        var new = CellBuffer(width: 5, height: 2)
        new.put(x: 0, y: 0, text: "ab")
        let runs = new.diff(from: old)
        #expect(runs.map(\.y) == [0, 1])
        #expect(runs.allSatisfy { $0.x == 0 && $0.cells.count == 5 })
    }

    /// Applying the diff of random frames to a copy of the previous frame always yields the
    /// new frame, and every run is whole (this is what the curses driver relies on).
    @Test func applyingDiffsReproducesTheFrame() {
        var rng = SeededRandom(seed: 42)
        let pieces = ["a", "bc", "数", "据库", " ", "e\u{301}", "中文x", "zz"]
        var screen = CellBuffer(width: 17, height: 4)
        var previous = screen
        for _ in 0..<300 {
            var frame = previous
            for _ in 0..<Int(rng.next() % 5) {
                let text = (0..<Int(rng.next() % 4)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
                let attrs = Attributes(bold: rng.next() % 2 == 0, reverse: rng.next() % 3 == 0)
                frame.put(x: Int(rng.next() % 19) - 1, y: Int(rng.next() % 4), text: text, attrs: attrs)
            }
            let runs = frame.diff(from: previous)
            for run in runs {
                #expect(!(run.cells.first?.isContinuation ?? true))
                #expect(run.cells.last?.width != 2)
            }
            screen.apply(runs)
            #expect(screen == frame)
            #expect(wideInvariantHolds(frame))
            previous = frame
        }
    }
}
