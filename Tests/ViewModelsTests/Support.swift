import CloudAPI
import Foundation
import Testing
@testable import ViewModels

/// The JSON fixtures (API list bodies) decoded into CloudAPI models.
enum Fixtures {
    struct Missing: Error { let name: String }

    private struct NetworksBody: Decodable { let networks: [Network] }
    private struct SubnetsBody: Decodable { let subnets: [Subnet] }
    private struct PortsBody: Decodable { let ports: [CloudAPI.Port] }
    private struct ServersBody: Decodable { let servers: [Server] }

    static func bytes(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw Missing(name: name)
        }
        return try Data(contentsOf: url)
    }

    static func networks() throws -> [Network] { try JSONDecoder().decode(NetworksBody.self, from: bytes("networks")).networks }
    static func subnets() throws -> [Subnet] { try JSONDecoder().decode(SubnetsBody.self, from: bytes("subnets")).subnets }
    static func ports() throws -> [CloudAPI.Port] { try JSONDecoder().decode(PortsBody.self, from: bytes("ports")).ports }
    static func servers() throws -> [Server] { try JSONDecoder().decode(ServersBody.self, from: bytes("servers")).servers }

    static func cloud() throws -> CloudData {
        CloudData(networks: try networks(), subnets: try subnets(), ports: try ports(), servers: try servers())
    }

    static func port(_ id: String) throws -> CloudAPI.Port {
        guard let p = try ports().first(where: { $0.id == id }) else { throw Missing(name: id) }
        return p
    }

    /// A port decoded from a JSON object literal.
    static func port(json: String) throws -> CloudAPI.Port { try JSONDecoder().decode(CloudAPI.Port.self, from: Data(json.utf8)) }

    /// Two NICs whose own pairs name vip-web's address (192.168.10.100): one in its network
    /// (bound the OpenStack way), one in another network (not bound).
    static func nicsNamingVIPWeb() throws -> (openStackWay: CloudAPI.Port, otherNetwork: CloudAPI.Port) {
        let openStackWay = try port(json: """
            {"id": "nic-os", "network_id": "net-prod", "device_owner": "compute:nova", "device_id": "srv-web01",
             "fixed_ips": [{"subnet_id": "sub-prod", "ip_address": "192.168.10.50"}], "allowed_address_pairs": [{"ip_address": "192.168.10.100"}]}
            """)
        let otherNetwork = try port(json: """
            {"id": "nic-other", "network_id": "net-db", "device_owner": "compute:nova", "device_id": "srv-db1",
             "fixed_ips": [{"subnet_id": "sub-db", "ip_address": "192.168.10.21"}], "allowed_address_pairs": [{"ip_address": "192.168.10.100"}]}
            """)
        return (openStackWay, otherNetwork)
    }
    static func subnet(json: String) throws -> Subnet { try JSONDecoder().decode(Subnet.self, from: Data(json.utf8)) }
    static func network(json: String) throws -> Network { try JSONDecoder().decode(Network.self, from: Data(json.utf8)) }

    /// An allocation pool (the type has no public memberwise initializer).
    static func pool(_ start: String, _ end: String) throws -> AllocationPool {
        try JSONDecoder().decode(AllocationPool.self, from: Data(#"{"start": "\#(start)", "end": "\#(end)"}"#.utf8))
    }
}

let testHeader = Header(cloud: "demo", region: "RegionOne", project: "demo-project", user: "admin", mode: .demo)

/// A fresh state at `width`x`height`.
func freshState(width: Int = 100, height: Int = 30, chromeRows: Int = 4, start: RootList = .networks) -> AppState {
    AppState(header: testHeader, size: TerminalSize(width: width, height: height), layout: Layout(chromeRows: chromeRows), start: start)
}

/// A state with every fixture loaded (through the reducer: launch, one page each, done).
func loadedState(width: Int = 100, height: Int = 30, chromeRows: Int = 4, start: RootList = .networks) throws -> AppState {
    var s = freshState(width: width, height: height, chromeRows: chromeRows, start: start)
    let c = try Fixtures.cloud()
    _ = reduce(&s, .launched)
    _ = reduce(&s, .pageLoaded(.networks(c.networks), generation: 1, done: true))
    _ = reduce(&s, .pageLoaded(.subnets(c.subnets), generation: 1, done: true))
    _ = reduce(&s, .pageLoaded(.ports(c.ports.array), generation: 1, done: true))
    _ = reduce(&s, .pageLoaded(.servers(c.servers.array), generation: 1, done: true))
    return s
}

/// TCA-style exhaustive stepping: each `send` applies the action with `reduce`, then checks
/// the effects and that the whole new state equals the previous state changed by `expect`.
struct StateTester {
    var state: AppState

    init(_ state: AppState) { self.state = state }

    mutating func send(_ action: Action, effects: [Effect] = [], sourceLocation: SourceLocation = #_sourceLocation,
                       _ expect: (inout AppState) -> Void = { _ in })
    {
        var expected = state
        expect(&expected)
        let actual = reduce(&state, action)
        #expect(actual == effects, "effects of \(action)", sourceLocation: sourceLocation)
        if state != expected {
            Issue.record(Comment(rawValue: "state after \(action) differs:\n" + difference(expected, state)), sourceLocation: sourceLocation)
        }
    }
}

/// The fields of two states that differ, described (two levels deep, so that a list shows
/// which of its fields differ rather than all its rows).
func difference(_ expected: AppState, _ actual: AppState) -> String {
    differences(expected, actual, path: "", depth: 0)
}

private func differences(_ expected: Any, _ actual: Any, path: String, depth: Int) -> String {
    let e = Mirror(reflecting: expected).children
    let a = Mirror(reflecting: actual).children
    var out = ""
    for (ec, ac) in zip(e, a) {
        let es = String(describing: ec.value)
        let acs = String(describing: ac.value)
        guard es != acs else { continue }
        let label = path + (ec.label ?? "?")
        let nested = depth < 2 && !Mirror(reflecting: ec.value).children.isEmpty
            && Mirror(reflecting: ec.value).displayStyle == .struct
        let inner = nested ? differences(ec.value, ac.value, path: label + ".", depth: depth + 1) : ""
        out += inner.isEmpty ? "\(label):\n  expected: \(es.prefix(1500))\n  actual:   \(acs.prefix(1500))\n" : inner
    }
    return depth == 0 && out.isEmpty ? "(no field differs in its description)" : out
}

extension AppState {
    /// The order of the ids in a root list, as shown.
    func shownIDs(_ root: RootList) -> [String] {
        switch root {
        case .networks: return networks.visible.map { networks.rows[$0].id }
        case .ports: return ports.visible.map { ports.rows[$0].id }
        case .servers: return servers.visible.map { servers.rows[$0].id }
        case .vips: return vips.visible.map { vips.rows[$0].id }
        case .journal: return journal.list.visible.map { journal.list.rows[$0].id }
        case .doctor: return doctor.list.visible.map { doctor.list.rows[$0].id }
        }
    }
}
