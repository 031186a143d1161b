/// An array stored in chunks of at most `chunkSize` elements, with value semantics.
///
/// Why: the store hands a copy of the state to the renderer while the next page arrives. With a
/// plain array, appending a page to 100,000 ports that a copy still shares copies all 100,000
/// (and retains every string in them): each page then costs what was loaded before it, and the
/// copies double the memory. Here a copy shares the chunks; appending copies at most the last,
/// partly filled chunk and the list of chunk references, and changing one element copies one
/// chunk.
public struct ChunkedArray<Element> {
    static var chunkSize: Int { 1024 }
    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        append(contentsOf: elements)
    }

    public mutating func append(_ element: Element) {
        if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkSize {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    public mutating func append(contentsOf elements: some Sequence<Element>) {
        for e in elements { append(e) }
    }

    public mutating func removeAll() {
        chunks = []
        count = 0
    }

    /// The elements as one array (for an API that takes `[Element]`; copies them).
    public var array: [Element] { chunks.flatMap { $0 } }
}

extension ChunkedArray: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get { chunks[position / Self.chunkSize][position % Self.chunkSize] }
        set { chunks[position / Self.chunkSize][position % Self.chunkSize] = newValue }
    }
}

extension ChunkedArray: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension ChunkedArray: Equatable where Element: Equatable {
    /// Every chunk but the last holds `chunkSize` elements, so equal arrays have equal chunks;
    /// comparing chunks keeps Array's shortcut for shared storage (the store compares each new
    /// state with the last one: 100,000 unchanged rows must cost nothing).
    public static func == (a: ChunkedArray, b: ChunkedArray) -> Bool { a.count == b.count && a.chunks == b.chunks }
    public static func == (a: ChunkedArray, b: [Element]) -> Bool { a.elementsEqual(b) }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: CustomStringConvertible {
    public var description: String { array.description }
}
