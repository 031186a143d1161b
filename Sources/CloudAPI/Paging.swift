import Foundation

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
    static func pages<T: Decodable & Sendable>(session: CloudSession, service: CloudSession.Service, path: String, of type: T.Type,
                                               filters: [(String, String)], limit: Int) -> AsyncThrowingStream<[T], any Error>
    {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var marker: String?
                    var seen: Set<String> = []
                    while !Task.isCancelled {
                        var q = filters + [("limit", String(limit))]
                        if let m = marker { q.append(("marker", m)) }
                        let resp = try await session.request(service, "GET", path, query: q)
                        let page = try decodePage(T.self, path: path, resp)
                        if page.items.isEmpty { break }
                        continuation.yield(page.items)
                        guard let next = page.nextMarker else { break }
                        if !seen.insert(next).inserted {
                            throw CloudError.http(HTTPFailure(service: service.rawValue, method: "GET", path: path, status: resp.status,
                                                              type: "PaginationLoop", message: "the server repeated marker \(next)",
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

    static func decodePage<T: Decodable>(_ type: T.Type, path: String, _ resp: APIResponse) throws(CloudError) -> Page<T> {
        let w = try NeutronAPI.decode(PageWrapper<T>.self, resp, url: path)
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

/// `{"<collection>": [...], "<collection>_links": [...]}`
struct PageWrapper<T: Decodable>: Decodable {
    let items: [T]
    let links: [PageLink]?

    init(from d: any Decoder) throws {
        let c = try d.container(keyedBy: AnyKey.self)
        guard let k = c.allKeys.first(where: { !$0.stringValue.hasSuffix("_links") }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no collection in the body"))
        }
        items = try c.decode([T].self, forKey: k)
        links = try c.allKeys.first { $0.stringValue.hasSuffix("_links") }.map { try c.decode([PageLink].self, forKey: $0) }
    }
}

