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
        let maxPages = max(1, session.config.maxPages)
        let deadline = session.config.listingDeadline
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var marker: String?
                    var seen: Set<String> = []
                    var pageCount = 0
                    var itemCount = 0
                    let clock = ContinuousClock()
                    let start = clock.now
                    while !Task.isCancelled {
                        var q = filters + [("limit", String(limit))]
                        if let m = marker { q.append(("marker", m)) }
                        let resp = try await session.request(service, "GET", path, query: q)
                        let page = try decodePage(T.self, collection: collection, path: path, resp)
                        pageCount += 1
                        itemCount += page.items.count
                        if page.items.isEmpty { break }
                        continuation.yield(page.items)
                        guard let next = page.nextMarker else { break }
                        if !seen.insert(next).inserted {
                            throw CloudError.http(HTTPFailure(service: service.rawValue, method: "GET", path: resp.path ?? path, status: resp.status,
                                                              type: "PaginationLoop", note: .err(.paginationLoop, resp.path ?? path, next),
                                                              requestID: resp.requestID))
                        }
                        let elapsed = Paging.seconds(clock.now - start)
                        if pageCount >= maxPages || elapsed >= deadline {
                            let why: CloudText = pageCount >= maxPages
                                ? .err(.pageCapReason, maxPages)
                                : .err(.deadlineReason, Paging.format(deadline))
                            throw CloudError.http(HTTPFailure(
                                service: service.rawValue, method: "GET", path: resp.path ?? path, status: resp.status, type: "EndlessPagination",
                                note: .err(.endlessPagination, resp.path ?? path, pageCount, itemCount, Paging.format(elapsed), why),
                                requestID: resp.requestID))
                        }
                        marker = next
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func format(_ s: Double) -> String {
        s >= 10 || s == s.rounded() ? String(Int(s.rounded())) : String(format: "%.1f", s)
    }

    static func decodePage<T: Decodable>(_ type: T.Type, collection: String, path: String, _ resp: APIResponse) throws(CloudError) -> Page<T> {
        var info: [CodingUserInfoKey: any Sendable] = [:]
        if let key = PageKeys.collection { info[key] = collection }
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
