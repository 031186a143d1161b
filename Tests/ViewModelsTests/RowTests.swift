import CloudAPI
import Foundation
import Testing
import VIPCore
@testable import ViewModels

@Suite("Rows: presentation from JSON fixtures")
struct RowTests {
    @Test("network rows: CIDR, gateway, pools and free IPs (pools minus used fixed IPs), IPv6 /64 included")
    func networkRows() throws {
        let c = try Fixtures.cloud()
        let rows = Rows.networks(c.networks, subnets: c.subnets, ports: c.ports.array)
        #expect(rows.map(\.cells) == [
            ["prod-net", "net-prod", "192.168.10.0/24", "192.168.10.1", "192.168.10.2-192.168.10.254", "248"],
            ["db-net", "net-db", "192.168.20.0/24", "192.168.20.1", "192.168.20.2-192.168.20.254", "248"],
            ["mgmt-net", "net-mgmt", "10.0.0.0/24, fd00:10::/64", "10.0.0.1, fd00:10::1",
             "10.0.0.2-10.0.0.254, fd00:10::2-fd00:10::ffff:ffff:ffff:ffff", "249, 1.8e19"],
        ])
        let v6Free: UInt128 = 18_446_744_073_709_551_614  // 2^64 - 2
        #expect(rows[2].subnets.map(\.freeIPs) == [249, v6Free])
        #expect(rows[2].freeIPs == 249 + v6Free)
        let usedInProd: Set<String> = ["192.168.10.2", "192.168.10.11", "192.168.10.21", "192.168.10.22", "192.168.10.100"]
        #expect(rows[0].subnets == [SubnetSummary(subnet: c.subnets[0], usedIPs: usedInProd)])
        let prod = rows[0].subnets[0]
        #expect(prod.id == "sub-prod")
        #expect(prod.name == "prod-subnet")
        #expect(prod.ipVersion == 4)
        #expect(prod.gateway == "192.168.10.1")
        #expect(prod.pools == ["192.168.10.2-192.168.10.254"])
        #expect(rows.map(\.destination) == [.detail(.network("net-prod")), .detail(.network("net-db")), .detail(.network("net-mgmt"))])
    }

    @Test("free IPs: used addresses outside the pools and repeats do not count; unreadable pools give nil")
    func freeIPs() throws {
        let pools = [try Fixtures.pool("10.0.0.10", "10.0.0.19"), try Fixtures.pool("10.0.0.30", "10.0.0.30")]
        #expect(SubnetSummary.free(pools: pools, used: []) == 11)
        #expect(SubnetSummary.free(pools: pools, used: ["10.0.0.10", "10.0.0.9", "10.0.0.30", "10.0.0.20"]) == 9)
        #expect(SubnetSummary.free(pools: [], used: ["10.0.0.1"]) == 0)
        #expect(SubnetSummary.free(pools: [try Fixtures.pool("10.0.0.9", "10.0.0.1")], used: []) == nil)
        #expect(SubnetSummary.free(pools: [try Fixtures.pool("10.0.0.1", "fd00::1")], used: []) == nil)
        #expect(SubnetSummary.free(pools: [try Fixtures.pool("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")], used: ["::1"])
            == UInt128.max - 1)
    }

    @Test("a network whose subnets are not loaded yet shows empty subnet cells")
    func networkWithoutSubnets() throws {
        let rows = Rows.networks(try Fixtures.networks(), subnets: [], ports: [])
        #expect(rows[0].cells == ["prod-net", "net-prod", "", "", "", ""])
        #expect(rows[0].freeIPs == nil)
        #expect(rows[0].sortKey(column: 5) == .empty)
    }

    @Test("port rows: owner, fixed IPs, pair count, check off by 1.1.1.1/0 or port security off, status")
    func portRows() throws {
        let rows = Dictionary(uniqueKeysWithValues: try Fixtures.ports().map { ($0.id, $0) })
        #expect(rows["port-lb01"]?.cells == ["", "port-lb01", "compute:nova", "192.168.10.21", "1", "off", "ACTIVE"])
        #expect(rows["port-db2"]?.cells == ["", "port-db2", "compute:nova", "192.168.20.12", "0", "on", "ACTIVE"])
        #expect(rows["port-bastion"]?.cells == ["", "port-bastion", "compute:nova", "10.0.0.9", "0", "off", "ACTIVE"])
        #expect(rows["port-web01"]?.cells == ["web-01-eth0", "port-web01", "compute:nova", "192.168.10.11", "0", "on", "ACTIVE"])
        #expect(rows["port-batch-b"]?.cells == ["", "port-batch-b", "compute:nova", "192.168.20.40", "0", "on", "DOWN"])
        #expect(rows["vip-web"]?.cells == ["vip-web", "vip-web", "neutron:VIP_PORT", "192.168.10.100", "2", "on", "DOWN"])
        #expect(rows["vip-web"]?.isVIP == true)
        #expect(rows["vip-web"]?.destination == .boundServers(vip: "vip-web"))
        #expect(rows["port-lb01"]?.destination == .vipsHolding(port: "port-lb01"))
        #expect(rows["port-lb01"]?.ref == .port("port-lb01"))
        #expect(rows["port-lb01"]?.deviceID == "srv-lb01")
        #expect(rows["port-lb01"]?.networkID == "net-prod")
    }

    @Test("a port with several fixed IPs lists them all and sorts by the first")
    func portWithTwoIPs() throws {
        let p = try Fixtures.port(json: """
            {"id": "p2", "network_id": "n", "status": "ACTIVE", "device_owner": "compute:nova",
             "fixed_ips": [{"subnet_id": "s", "ip_address": "10.0.0.10"}, {"subnet_id": "s6", "ip_address": "fd00::10"}],
             "allowed_address_pairs": [{"ip_address": "10.0.0.50"}, {"ip_address": "10.0.0.51", "mac_address": "fa:16:3e:aa:bb:cc"}]}
            """)
        let row = p
        #expect(row.cells == ["", "p2", "compute:nova", "10.0.0.10, fd00::10", "2", "on", "ACTIVE"])
        #expect(row.sortKey(column: 3) == .address("10.0.0.10"))
        #expect(row.sortKey(column: 4) == .count(2))
    }

    @Test("server rows: CJK names, fixed IPs in network-name order (floating excluded), NIC count from Neutron")
    func serverRows() throws {
        let c = try Fixtures.cloud()
        let rows = Dictionary(uniqueKeysWithValues: Rows.servers(c.servers.array, ports: c.ports.array).map { ($0.id, $0) })
        #expect(rows["srv-db1"]?.cells == ["数据库主节点", "ACTIVE", "192.168.20.11", "1", "srv-db1"])
        #expect(rows["srv-db2"]?.cells == ["数据库备节点", "ACTIVE", "192.168.20.12", "1", "srv-db2"])
        #expect(rows["srv-mon"]?.cells == ["监控服务器", "ACTIVE", "10.0.0.10", "1", "srv-mon"])
        #expect(rows["srv-batch"]?.cells == ["batch-worker", "ERROR", "192.168.20.40, 10.0.0.40", "2", "srv-batch"])
        #expect(rows["srv-batch"]?.destination == .nics(server: "srv-batch"))
        #expect(rows["srv-batch"]?.ref == .server("srv-batch"))
    }

    @Test("servers inferred from ports (no Nova) take their IPs from their NICs")
    func serverFromPorts() throws {
        let ports = try Fixtures.ports()
        let inferred = Inventory.serversFromPorts(ports)
        let rows = Rows.servers(inferred, ports: ports)
        #expect(rows.first { $0.id == "srv-batch" }?.cells == ["srv-batch", "ACTIVE", "10.0.0.40, 192.168.20.40", "2", "srv-batch"])
    }

    @Test("VIP rows from Inventory.vipBindings: bound servers by name and NIC IP with their check; half configured; stale pair")
    func vipRows() throws {
        let c = try Fixtures.cloud()
        let rows = Rows.vips(c)
        #expect(rows.map(\.cells) == [
            ["192.168.10.100", "vip-web", "prod-net", "lb-01 192.168.10.21 off, lb-02 192.168.10.22 off", "ok"],
            ["192.168.20.100", "vip-db", "db-net", "数据库主节点 192.168.20.11 off, 数据库备节点 192.168.20.12 ON", "check on for 1 of 2 NICs"],
            ["10.0.0.100", "vip-mgmt", "mgmt-net", "(no port) 10.0.0.99", "no NIC bound; pair 10.0.0.99 matches no port"],
        ])
        #expect(rows[1] == VIPRow(id: "vip-db", name: "vip-db", address: "192.168.20.100", networkID: "net-db", networkName: "db-net", bound: [
            BoundServer(serverID: "srv-db1", label: "数据库主节点", nicPortID: "port-db1", nicIP: "192.168.20.11", sourceDestCheckOff: true, via: .vipPairs),
            BoundServer(serverID: "srv-db2", label: "数据库备节点", nicPortID: "port-db2", nicIP: "192.168.20.12", sourceDestCheckOff: false, via: .vipPairs),
        ]))
        #expect(rows[1].problems == ["check on for 1 of 2 NICs"])
        #expect(rows[0].problems.isEmpty)
        #expect(rows[2].bound == [BoundServer(serverID: nil, label: "(no port)", nicPortID: nil, nicIP: "10.0.0.99", sourceDestCheckOff: false, via: .vipPairs)])
        #expect(rows.map(\.destination) == [.boundServers(vip: "vip-web"), .boundServers(vip: "vip-db"), .boundServers(vip: "vip-mgmt")])
        #expect(rows.map(\.ref) == [.port("vip-web"), .port("vip-db"), .port("vip-mgmt")])
    }

    @Test("a VIP bound the OpenStack way (its address in the NIC's pairs), a NIC without a server, an unknown network")
    func vipEdgeCases() throws {
        let vip = try Fixtures.port(json: """
            {"id": "vip-x", "name": "", "network_id": "net-x", "device_owner": "neutron:VIP_PORT",
             "fixed_ips": [{"subnet_id": "s", "ip_address": "10.1.0.100"}], "allowed_address_pairs": [{"ip_address": "10.1.0.6"}]}
            """)
        let nicA = try Fixtures.port(json: """
            {"id": "nic-a", "name": "", "network_id": "net-x", "device_owner": "compute:nova", "device_id": "srv-a",
             "fixed_ips": [{"subnet_id": "s", "ip_address": "10.1.0.5"}], "allowed_address_pairs": [{"ip_address": "10.1.0.100"}]}
            """)
        let orphan = try Fixtures.port(json: """
            {"id": "orphan-port-1", "name": "", "network_id": "net-x", "device_owner": "",
             "fixed_ips": [{"subnet_id": "s", "ip_address": "10.1.0.6"}], "port_security_enabled": false}
            """)
        let data = CloudData(ports: [vip, nicA, orphan], servers: [Server(id: "srv-a", name: "alpha", status: "ACTIVE")])
        let row = try #require(Rows.vips(data).first)
        #expect(row.networkName == "net-x")
        #expect(row.bound == [
            BoundServer(serverID: nil, label: "port orphan-p", nicPortID: "orphan-port-1", nicIP: "10.1.0.6", sourceDestCheckOff: true, via: .vipPairs),
            BoundServer(serverID: "srv-a", label: "alpha", nicPortID: "nic-a", nicIP: "10.1.0.5", sourceDestCheckOff: false, via: .nicPairs),
        ])
        #expect(row.cells == ["10.1.0.100", "", "net-x", "port orphan-p 10.1.0.6 off, alpha 10.1.0.5 ON", "check on for 1 of 2 NICs"])
    }

    @Test("VIP rows see only the ports a binding can involve, with the same result as all ports")
    func vipPrefilter() throws {
        let c = try Fixtures.cloud()
        #expect(Rows.vips(c) == Rows.vips(c.inventory.vipBindings()))
        let (openStackWay, otherNetwork) = try Fixtures.nicsNamingVIPWeb()
        var more = c
        more.ports.append(contentsOf: [openStackWay, otherNetwork])
        let rows = Rows.vips(more)
        #expect(rows == Rows.vips(more.inventory.vipBindings()))
        #expect(rows[0].bound.map(\.nicPortID) == ["port-lb01", "port-lb02", "nic-os"])
        #expect(rows[0].bound.map(\.via) == [.vipPairs, .vipPairs, .nicPairs])
    }

    @Test("every row has one cell per column, and every column has a title and a positive width")
    func shapes() throws {
        let c = try Fixtures.cloud()
        for r in Rows.networks(c.networks, subnets: c.subnets, ports: c.ports.array) { #expect(r.cells.count == NetworkRow.columns.count) }
        for r in c.ports.array { #expect(r.cells.count == PortRow.columns.count) }
        for r in Rows.servers(c.servers.array, ports: c.ports.array) { #expect(r.cells.count == ServerRow.columns.count) }
        for r in Rows.vips(c) { #expect(r.cells.count == VIPRow.columns.count) }
        for col in NetworkRow.columns + PortRow.columns + ServerRow.columns + VIPRow.columns {
            #expect(!col.title.isEmpty && col.width > 0)
        }
        #expect(PortRow.columns.map(\.title) == ["NAME", "ID", "DEVICE OWNER", "FIXED IPS", "PAIRS", "S/D CHECK", "STATUS"])
        #expect(ServerRow.columns.map(\.title) == ["NAME", "STATUS", "IPS", "NICS", "ID"])
        #expect(NetworkRow.columns.map(\.title) == ["NAME", "ID", "CIDR", "GATEWAY", "POOLS", "FREE IPS"])
        #expect(VIPRow.columns.map(\.title) == ["ADDRESS", "NAME", "NETWORK", "BOUND SERVERS (NIC IP, S/D CHECK)", "STATE"])
        #expect(PortRow.columns[4].alignment == .right)
        #expect(ServerRow.columns[3].alignment == .right)
    }

    @Test("filter matching is a case-insensitive substring of any cell, CJK included")
    func matching() throws {
        let c = try Fixtures.cloud()
        let servers = Rows.servers(c.servers.array, ports: c.ports.array)
        #expect(servers.filter { $0.matches("数据库") }.map(\.id) == ["srv-db1", "srv-db2"])
        #expect(servers.filter { $0.matches("LB-0") }.map(\.id) == ["srv-lb01", "srv-lb02"])
        #expect(servers.filter { $0.matches("10.0.0.4") }.map(\.id) == ["srv-batch"])
        #expect(servers.filter { $0.matches("error") }.map(\.id) == ["srv-batch"])
        #expect(servers.filter { $0.matches("") }.count == servers.count)
    }
}
