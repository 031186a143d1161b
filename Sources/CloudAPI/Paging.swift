import Foundation
import L10n

/// Marker pagination, shared by Neutron (`<collection>_links`) and Nova (`servers_links`).
enum Paging {
    struct Page<T> {
        var items: [T]
        var nextMarker: String?
    }

    /// Pages of `path` as they arrive: a screen can show the first page while the rest load.
    /// Follows the `next` link by its marker (rebuilt on our own endpoint, so links naming an
    /// internal host name still work), whatever the page size (a server may clamp `limit` to
    /// its own maximum, so a short page is not the last); stops on an empty page or a page
    /// without `next`, and refuses to loop on a repeated marker.
    ///
    /// A server that keeps sending new markers cannot keep vipctl listing forever: one listing
    /// stops after `CloudConfig.maxPages` pages or `CloudConfig.listingDeadline` seconds,
    /// whichever comes first, with an error that says so.
    ///
    /// - Parameter collection: the key of the list in the body (`ports`, `servers`); only that
    ///   key and `<collection>_links` are read, any other top-level key is ignored.
    static func pages<T: Decodable & Sendable>(session: CloudSession, service: CloudSession.Service, path: String, collection: String,
                                               of type: T.Type, filters: [(String, String)], limit: Int)
        -> AsyncThrowingStream<[T], any Error>
    {
        let cursor = PageCursor(session: session, service: service, path: path, collection: collection, of: T.self, filters: filters,
                                limit: limit)
        // At most one page ahead of the consumer: the next page is fetched while the consumer
        // takes in this one, never the whole listing into a buffer (a consumer slower than
        // the cloud would otherwise hold every page at once).
        let lookahead = Lookahead<[T]?>()
        return AsyncThrowingStream(unfolding: {
            let pending = lookahead.take() ?? Task { try await cursor.next() }
            let page = try await withTaskCancellationHandler {
                try await pending.value
            } onCancel: {
                pending.cancel()
            }
            if page != nil, !Task.isCancelled { lookahead.put(Task { try await cursor.next() }) }
            return page
        })
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func format(_ s: Double) -> String {
        s >= 10 || s == s.rounded() ? String(Int(s.rounded())) : String(format: "%.1f", s)
    }

    static func decodePage<T: Decodable>(_ type: T.Type, collection: String, path: String, _ resp: APIResponse,
                                         interner: Interner? = nil) throws(CloudError) -> Page<T> {
        var info: [CodingUserInfoKey: any Sendable] = [:]
        if let key = PageKeys.collection { info[key] = collection }
        if let interner, let key = PageKeys.interner { info[key] = interner }
        let w = try NeutronAPI.decode(PageWrapper<T>.self, resp, url: path, userInfo: info)
        let next = w.links?.first { $0.rel == "next" }.flatMap { link in
            URLComponents(string: link.href)?.queryItems?.last { $0.name == "marker" }?.value
        }
        return Page(items: w.items, nextMarker: next)
    }
}

struct PageLink: Decodable {
    let rel: String
    let href: String
}

/// `{"<collection>": [...], "<collection>_links": [...]}`, the collection named by the caller
/// (the decoder's `userInfo[collectionKey]`). Any other top-level key (`count`, `request_id`,
/// which some gateways add) is accepted and ignored.
struct PageWrapper<T: Decodable>: Decodable {
    let items: [T]
    let links: [PageLink]?

    init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: AnyKey.self)
        guard let nameKey = PageKeys.collection, let name = d.userInfo[nameKey] as? String else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no collection name given to the page decoder"))
        }
        let key = AnyKey(name)
        guard c.contains(key) else {
            let found = c.allKeys.map(\.stringValue).sorted().prefix(6).joined(separator: ", ")
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: PageWrapperError.missingList(name, keys: found).text(in: .en)))
        }
        items = try c.decode([T].self, forKey: key)
        let linksKey = AnyKey(name + "_links")
        if c.contains(linksKey), try !c.decodeNil(forKey: linksKey) {
            links = try c.decode([PageLink].self, forKey: linksKey)
        } else {
            links = nil
        }
    }
}

/// The `userInfo` key under which `PageWrapper` finds the collection's name.
enum PageKeys {
    static let collection = CodingUserInfoKey(rawValue: "vipctl.collection")
    /// The `Interner` of a listing: values repeated across its items (network ids, owners,
    /// statuses) are kept once.
    static let interner = CodingUserInfoKey(rawValue: "vipctl.interner")
}

/// The words of a page without its list: thrown in English inside the `DecodingError` (its
/// `debugDescription`), turned back into catalog text by `CloudJSON.describe`.
enum PageWrapperError {
    static func missingList(_ name: String, keys: String) -> CloudText {
        keys.isEmpty ? .err(.reasonNoList, name) : .err(.reasonNoListKeys, name, keys)
    }

    /// The catalog text of `debugDescription` when it is a missing list's, else nil.
    static func missingList(_ name: String, _ debugDescription: String) -> CloudText? {
        let bare = missingList(name, keys: "").text(in: .en)
        if debugDescription == bare { return missingList(name, keys: "") }
        let open = bare + " (keys: "
        guard debugDescription.hasPrefix(open), debugDescription.hasSuffix(")") else { return nil }
        return missingList(name, keys: String(debugDescription.dropFirst(open.count).dropLast()))
    }
}

/// One listing's pages, fetched one at a time when asked for (`next()`): a consumer that
/// writes each page out holds one page, not the whole collection (`vipctl ports` at 100,000
/// ports). `Paging.pages` streams the same pages ahead of its consumer.
///
/// Follows the `next` link by its marker (rebuilt on our own endpoint, so links naming an
/// internal host name still work), whatever the page size (a server may clamp `limit` to its
/// own maximum, so a short page is not the last); stops on an empty page or a page without
/// `next`, and refuses to loop on a repeated marker. A server that keeps sending new markers
/// cannot keep vipctl listing forever: one listing stops after `CloudConfig.maxPages` pages or
/// `CloudConfig.listingDeadline` seconds, whichever comes first, with an error that says so.
public actor PageCursor<T: Decodable & Sendable> {
    private let session: CloudSession
    private let service: CloudSession.Service
    private let path: String
    private let collection: String
    private let filters: [(String, String)]
    private let limit: Int
    private let maxPages: Int
    private let deadline: Double
    private let interner = Interner()
    private var marker: String?
    private var seen: Set<String> = []
    private var pageCount = 0
    private var itemCount = 0
    private var finished = false
    /// The refusal of a listing that loops or runs on, thrown by the call after its page.
    private var pending: CloudError?
    private let clock = ContinuousClock()
    private var start: ContinuousClock.Instant?

    init(session: CloudSession, service: CloudSession.Service, path: String, collection: String, of type: T.Type,
         filters: [(String, String)], limit: Int)
    {
        self.session = session
        self.service = service
        self.path = path
        self.collection = collection
        self.filters = filters
        self.limit = limit
        maxPages = max(1, session.config.maxPages)
        deadline = session.config.listingDeadline
    }

    /// The next page's items; nil once the listing has ended.
    public func next() async throws(CloudError) -> [T]? {
        if let e = pending {
            pending = nil
            finished = true
            throw e
        }
        if finished { return nil }
        let start = self.start ?? clock.now
        self.start = start
        var q = filters + [("limit", String(limit))]
        if let m = marker { q.append(("marker", m)) }
        do {
            let resp = try await session.request(service, "GET", path, query: q)
            let page = try Paging.decodePage(T.self, collection: collection, path: path, resp, interner: interner)
            pageCount += 1
            itemCount += page.items.count
            guard !page.items.isEmpty, let next = page.nextMarker else {
                finished = true
                return page.items.isEmpty ? nil : page.items
            }
            // A page is handed out before the listing is refused: the error comes with the
            // next call, as when the pages were only streamed.
            if !seen.insert(next).inserted {
                pending = CloudError.http(HTTPFailure(service: service.rawValue, method: "GET", path: resp.path ?? path, status: resp.status,
                                                      type: "PaginationLoop", note: .err(.paginationLoop, resp.path ?? path, next),
                                                      requestID: resp.requestID))
                return page.items
            }
            let elapsed = Paging.seconds(clock.now - start)
            if pageCount >= maxPages || elapsed >= deadline {
                let why: CloudText = pageCount >= maxPages
                    ? .err(.pageCapReason, maxPages)
                    : .err(.deadlineReason, Paging.format(deadline))
                pending = CloudError.http(HTTPFailure(
                    service: service.rawValue, method: "GET", path: resp.path ?? path, status: resp.status, type: "EndlessPagination",
                    note: .err(.endlessPagination, resp.path ?? path, pageCount, itemCount, Paging.format(elapsed), why),
                    requestID: resp.requestID))
                return page.items
            }
            marker = next
            return page.items
        } catch {
            finished = true
            throw CloudSession.asCloudError(error)
        }
    }
}

/// Keeps one copy of each repeated string value of a listing (network, subnet, project and
/// security group ids, owners, statuses): 100,000 ports in 50 networks hold 50 network id
/// strings, not 100,000.
public final class Interner: Sendable {
    private let table = Locked<(strings: Set<String>, lists: Set<[String]>)>(([], []))

    public init() {}

    public func callAsFunction(_ s: String) -> String {
        // Short strings live inside the String value itself: nothing to share.
        if s.utf8.count <= 15 { return s }
        return table.withLock { t in
            if let i = t.strings.firstIndex(of: s) { return t.strings[i] }
            t.strings.insert(s)
            return s
        }
    }

    /// A list kept once (the same security groups on every port of a tier).
    public func callAsFunction(_ list: [String]) -> [String] {
        if list.isEmpty { return list }
        return table.withLock { t in
            if let i = t.lists.firstIndex(of: list) { return t.lists[i] }
            let kept = list.map { s in
                if s.utf8.count <= 15 { return s }
                if let i = t.strings.firstIndex(of: s) { return t.strings[i] }
                t.strings.insert(s)
                return s
            }
            t.lists.insert(kept)
            return kept
        }
    }
}

extension Decoder {
    /// The listing's interner, or none (a single resource).
    var interner: Interner? { PageKeys.interner.flatMap { userInfo[$0] as? Interner } }

    func intern(_ s: String) -> String { interner?(s) ?? s }

    func intern(_ list: [String]) -> [String] { interner?(list) ?? list }
}

/// The fetch of the next page, started while the consumer takes in the current one; cancelled
/// when the stream is dropped (a consumer that stops listening stops the listing).
final class Lookahead<Value: Sendable>: Sendable {
    private let task = Locked<Task<Value, any Error>?>(nil)

    func take() -> Task<Value, any Error>? {
        task.withLock { t in
            defer { t = nil }
            return t
        }
    }

    func put(_ t: Task<Value, any Error>) { task.withLock { $0 = t } }

    deinit { task.withLock { $0?.cancel() } }
}
