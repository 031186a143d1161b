/// Neutron's collection GET semantics, shared by networks, subnets, ports and security groups:
/// filters (repeated values OR, keys AND), `fields`, `sort_key`/`sort_dir`, native pagination
/// (`limit`, `marker`, `page_reverse`) and `<collection>_links` with neutron's quirks:
/// a `next` link on every full page, a `previous` link even on the first page, links whenever
/// a limit applies (and `pagination_max_limit` makes one always apply).
struct NeutronCollection<Item> {
    /// e.g. "ports"
    let collection: String
    /// e.g. "Port", for the marker's 404 (`PortNotFound`)
    let resourceName: String
    /// Values of a filterable attribute, as strings for matching; nil means "not filterable".
    let filterValues: (Item, String) -> [String]?
    let filterable: Set<String>
    let sortable: Set<String>
    /// Sort key value for an attribute (already validated as sortable).
    let sortValue: (Item, String) -> SortValue
    let id: (Item) -> String
    let render: (Item) -> JSONObject
    /// Attributes whose filter values are booleans (validated and normalised).
    let booleanAttributes: Set<String>
    let integerAttributes: Set<String>
    /// Special filters handled by the resource itself (e.g. `fixed_ips` on ports).
    /// Returns nil when the key is not special.
    var customFilter: ((String, [String]) -> Result<((Item) -> Bool)?, NeutronError>)?
}

enum SortValue: Comparable {
    case string(String)
    case int(Int)
    case bool(Bool)

    static func < (a: SortValue, b: SortValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.int(let x), .int(let y)): return x < y
        case (.bool(let x), .bool(let y)): return !x && y
        default: return false
        }
    }
}

struct NeutronError: Error {
    let status: Int
    let type: String
    let message: String

    var response: SimResponse {
        .json(status, ["NeutronError": ["type": .string(type), "message": .string(message), "detail": ""]])
    }

    static func badRequest(_ m: String) -> NeutronError { NeutronError(status: 400, type: "HTTPBadRequest", message: m) }
    static func invalidInput(_ m: String) -> NeutronError {
        NeutronError(status: 400, type: "InvalidInput", message: "Invalid input for operation: \(m)")
    }
    static func notFound(_ resource: String, _ id: String) -> NeutronError {
        NeutronError(status: 404, type: "\(resource)NotFound", message: "\(resource) \(id) could not be found.")
    }
}

enum NeutronListing {
    static let reserved: Set<String> = ["fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse"]

    static func parseBool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "1", "t", "yes", "y", "on": return true
        case "false", "0", "f", "no", "n", "off": return false
        default: return nil
        }
    }

    /// Runs a list request over `items` (already restricted to what the caller may see, in
    /// ascending id order) and returns the response body.
    /// `itemsAfter`, when given, yields the items after a marker id directly (ports: a binary
    /// search in the sorted id index), so following `next` links costs O(page), not O(n).
    static func list<Item>(_ req: SimRequest, _ c: NeutronCollection<Item>, items: some Sequence<Item>, maxLimit: Int,
                           lookup: (String) -> Item?,
                           itemsAfter: ((String) -> AnySequence<Item>)? = nil) -> Result<JSON, NeutronError>
    {
        // Filters: validate keys first (filter-validation extension).
        var filterKeys: [String] = []
        var filterVals: [String: [String]] = [:]
        for (k, v) in req.query where !reserved.contains(k) {
            if filterVals[k] == nil { filterKeys.append(k) }
            filterVals[k, default: []].append(v)
        }
        let invalid = filterKeys.filter { !c.filterable.contains($0) }
        if !invalid.isEmpty {
            return .failure(.badRequest("[\(invalid.map { "'\($0)'" }.joined(separator: ", "))] is invalid attribute for filtering"))
        }
        var predicates: [(Item) -> Bool] = []
        for k in filterKeys {
            guard var wanted = filterVals[k] else { continue }
            if let custom = c.customFilter {
                switch custom(k, wanted) {
                case .success(let p?): predicates.append(p); continue
                case .success(nil): break
                case .failure(let e): return .failure(e)
                }
            }
            if c.booleanAttributes.contains(k) {
                var norm: [String] = []
                for w in wanted {
                    guard let b = parseBool(w) else {
                        return .failure(.invalidInput("'\(w)' cannot be converted to boolean."))
                    }
                    norm.append(b ? "true" : "false")
                }
                wanted = norm
            }
            if c.integerAttributes.contains(k) {
                for w in wanted where Int(w) == nil {
                    return .failure(.invalidInput("'\(w)' is not an integer"))
                }
            }
            let set = Set(wanted)
            let key = k
            predicates.append { item in (c.filterValues(item, key) ?? []).contains { set.contains($0) } }
        }

        // Sorting.
        let sortKeys = req.queryValues("sort_key")
        let sortDirs = req.queryValues("sort_dir")
        if sortKeys.count != sortDirs.count {
            return .failure(.badRequest("The number of sort_keys and sort_dirs must be same"))
        }
        let badKeys = sortKeys.filter { !c.sortable.contains($0) }
        if !badKeys.isEmpty {
            return .failure(.badRequest("[\(badKeys.map { "'\($0)'" }.joined(separator: ", "))] is invalid attribute for sort_keys"))
        }
        let badDirs = sortDirs.filter { $0 != "asc" && $0 != "desc" }
        if !badDirs.isEmpty {
            return .failure(.badRequest("[\(badDirs.map { "'\($0)'" }.joined(separator: ", "))] is invalid value for sort_dirs, valid value is 'asc' and 'desc'"))
        }
        var sorts: [(String, Bool)] = zip(sortKeys, sortDirs).map { ($0, $1 == "asc") }
        if !sorts.contains(where: { $0.0 == "id" }) { sorts.append(("id", true)) }

        // Limit and marker.
        var limit: Int?
        if let raw = req.queryValue("limit") {
            guard let n = Int(raw), n >= 0 else {
                return .failure(NeutronError(status: 400, type: "BadRequest",
                                             message: "Bad limit request: Limit must be an integer 0 or greater and not '\(raw)'."))
            }
            limit = n
        }
        if maxLimit > 0 {
            let l = min(maxLimit, limit ?? 0)
            limit = l == 0 ? maxLimit : l
        } else if limit == 0 {
            limit = nil
        }
        let pageReverse = (req.queryValue("page_reverse") ?? "False").lowercased() == "true"
        var markerItem: Item?
        if limit != nil, let m = req.queryValue("marker") {
            guard let found = lookup(m) else { return .failure(.notFound(c.resourceName, m)) }
            markerItem = found
        }

        func before(_ a: Item, _ b: Item, reversed: Bool) -> Bool {
            for (k, asc) in sorts {
                let va = c.sortValue(a, k), vb = c.sortValue(b, k)
                if va == vb { continue }
                return (va < vb) == (asc != reversed)
            }
            return false
        }

        var page: [Item] = []
        let onlyID = sorts.count == 1
        if onlyID && !pageReverse {
            // Fast path: items arrive in ascending id order; stream until the page is full.
            let markerID = markerItem.map(c.id)
            let source: AnySequence<Item> = markerID.flatMap { mid in itemsAfter?(mid) } ?? AnySequence(items)
            for item in source {
                if let mid = markerID, !(mid.utf8.lexicographicallyPrecedes(c.id(item).utf8)) { continue }
                if !predicates.allSatisfy({ $0(item) }) { continue }
                page.append(item)
                if let l = limit, page.count >= l { break }
            }
        } else {
            var all = items.filter { item in predicates.allSatisfy { $0(item) } }
            all.sort { before($0, $1, reversed: pageReverse) }
            if let m = markerItem {
                all = all.filter { before(m, $0, reversed: pageReverse) }
            }
            if let l = limit, all.count > l { all = Array(all.prefix(l)) }
            page = pageReverse ? all.reversed() : all
        }

        // Render, then apply `fields`.
        let fields = req.queryValues("fields").filter { !$0.isEmpty }
        let rendered: [JSON] = page.map { item in
            let full = c.render(item)
            if fields.isEmpty { return .object(full) }
            var o = JSONObject()
            for (k, v) in full.entries where fields.contains(k) { o.appendUnique(k, v) }
            return .object(o)
        }
        var body = JSONObject()
        body.appendUnique(c.collection, .array(rendered))
        if let l = limit {
            var links: [JSON] = []
            let base = req.hostURL + req.rawPath
            if !(page.count < l && !pageReverse) {
                // An empty reversed page still gets one, without a marker (neutron's get_next_link).
                var params = req.query.filter { $0.name != "marker" && $0.name != "page_reverse" }
                if let last = page.last { params.append(("marker", c.id(last))) }
                links.append(["rel": "next", "href": .string(base + "?" + URLEncoding.encode(params))])
            }
            if !(page.count < l && pageReverse) {
                var params = req.query.filter { $0.name != "marker" && $0.name != "page_reverse" }
                if let first = page.first { params.append(("marker", c.id(first))) }
                params.append(("page_reverse", "True"))
                links.append(["rel": "previous", "href": .string(base + "?" + URLEncoding.encode(params))])
            }
            body.appendUnique(c.collection + "_links", .array(links))
        }
        return .success(.object(body))
    }

    /// `?fields=` on a single-resource GET.
    static func applyFields(_ req: SimRequest, _ o: JSONObject) -> JSONObject {
        let fields = req.queryValues("fields").filter { !$0.isEmpty }
        if fields.isEmpty { return o }
        var out = JSONObject()
        for (k, v) in o.entries where fields.contains(k) { out.appendUnique(k, v) }
        return out
    }
}
