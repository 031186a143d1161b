/// Width sharing shared by the widgets.
enum WidthFitting {
    /// Shrinks `widths` until their sum is at most `total`, always taking a column from the
    /// widest entry that is still above its floor (ties: the rightmost), so long entries are
    /// cut before short ones. Entries never go below `floors`; the sum may stay above `total`
    /// when every entry is at its floor.
    static func shrink(_ widths: [Int], floors: [Int], to total: Int) -> [Int] {
        var w = widths
        var sum = w.reduce(0, +)
        while sum > total {
            var pick: Int?
            for i in w.indices where w[i] > floors[i] {
                if let p = pick, w[p] > w[i] { continue }
                pick = i
            }
            guard let p = pick else { break }
            // Take from `p` down to the next widest entry in one step; one column at a time
            // while another entry is just as wide, so equal entries shrink evenly.
            var next = floors[p]
            var tied = false
            for i in w.indices where i != p {
                if w[i] == w[p] && w[i] > floors[i] { tied = true }
                if w[i] < w[p] && w[i] > next { next = w[i] }
            }
            let take = tied ? 1 : max(1, min(w[p] - next, sum - total))
            w[p] -= take
            sum -= take
        }
        return w
    }
}
