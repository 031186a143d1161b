import CloudAPI
import Foundation
import Testing
@testable import ViewModels

@Suite("Detail views from JSON fixtures")
struct DetailTests {
    static func view(_ ref: ResourceRef) throws -> DetailView {
        let c = try Fixtures.cloud()
        return Details.view(ref, data: c, vips: Rows.vips(c))
    }

    @Test("a NIC: network, subnet and server links, pairs, the check, and the VIPs holding its IP")
    func nic() throws {
        let v = try DetailTests.view(.port("port-lb01"))
        #expect(v.title == "Port port-lb01")
        #expect(v.lines == [
            DetailLine("Name", ""), DetailLine("ID", "port-lb01"), DetailLine("Status", "ACTIVE"),
            DetailLine("Network", "prod-net (net-prod)", link: .detail(.network("net-prod"))),
            DetailLine("Fixed IP", "192.168.10.21 in prod-subnet 192.168.10.0/24", link: .detail(.subnet("sub-prod"))),
            DetailLine("MAC", "fa:16:3e:00:00:21"), DetailLine("Device owner", "compute:nova"),
            DetailLine("Server", "lb-01 (srv-lb01)", link: .detail(.server("srv-lb01"))),
            DetailLine("Pair", "1.1.1.1/0"), DetailLine("S/D check", "off (1.1.1.1/0 in the pairs)"),
            DetailLine("Port security", "enabled"), DetailLine("Revision", "5"),
            DetailLine("VIPs holding its IP", "1: 192.168.10.100", link: .vipsHolding(port: "port-lb01")),
        ])
    }

    @Test("the half-configured VIP: its pairs and both bound servers, CJK names included")
    func vip() throws {
        let v = try DetailTests.view(.port("vip-db"))
        #expect(v.title == "Port vip-db")
        #expect(v.lines == [
            DetailLine("Name", "vip-db"), DetailLine("ID", "vip-db"), DetailLine("Status", "DOWN"),
            DetailLine("Network", "db-net (net-db)", link: .detail(.network("net-db"))),
            DetailLine("Fixed IP", "192.168.20.100 in db-subnet 192.168.20.0/24", link: .detail(.subnet("sub-db"))),
            DetailLine("MAC", "fa:16:3e:00:02:00"), DetailLine("Device owner", "neutron:VIP_PORT"), DetailLine("Device", "-"),
            DetailLine("Pair", "192.168.20.11"), DetailLine("Pair", "192.168.20.12"), DetailLine("S/D check", "on"),
            DetailLine("Port security", "enabled"), DetailLine("Revision", "6"),
            DetailLine("Bound servers", "2: 数据库主节点, 数据库备节点", link: .boundServers(vip: "vip-db")),
        ])
    }

    @Test("port security off is shown as the reason the check is off")
    func portSecurityOff() throws {
        let v = try DetailTests.view(.port("port-bastion"))
        #expect(v.lines.first { $0.label == "S/D check" } == DetailLine("S/D check", "off (port security disabled)"))
        #expect(v.lines.first { $0.label == "Pairs" } == DetailLine("Pairs", "none"))
        #expect(v.lines.last == DetailLine("VIPs holding its IP", "0", link: .vipsHolding(port: "port-bastion")))
    }

    @Test("a server: addresses by network, its NICs as a list link and one link per NIC")
    func server() throws {
        let v = try DetailTests.view(.server("srv-batch"))
        #expect(v.title == "Server batch-worker")
        #expect(v.lines == [
            DetailLine("Name", "batch-worker"), DetailLine("ID", "srv-batch"), DetailLine("Status", "ERROR"),
            DetailLine("Address", "192.168.20.40 on db-net (fixed)"), DetailLine("Address", "10.0.0.40 on mgmt-net (fixed)"),
            DetailLine("NICs", "2", link: .nics(server: "srv-batch")),
            DetailLine("NIC", "10.0.0.40 port port-batch-a", link: .detail(.port("port-batch-a"))),
            DetailLine("NIC", "192.168.20.40 port port-batch-b", link: .detail(.port("port-batch-b"))),
        ])
        #expect(try DetailTests.view(.server("srv-db1")).title == "Server 数据库主节点")
    }

    @Test("a network: its fields and one link per subnet with the free-IP count")
    func network() throws {
        let v = try DetailTests.view(.network("net-mgmt"))
        #expect(v.title == "Network mgmt-net")
        #expect(v.lines == [
            DetailLine("Name", "mgmt-net"), DetailLine("ID", "net-mgmt"), DetailLine("Status", "ACTIVE"), DetailLine("Shared", "yes"),
            DetailLine("External", "no"), DetailLine("MTU", "1450"), DetailLine("Port security", "enabled"), DetailLine("Project", "proj-1"),
            DetailLine("Subnet", "mgmt-subnet 10.0.0.0/24, 249 free", link: .detail(.subnet("sub-mgmt"))),
            DetailLine("Subnet", "mgmt-subnet-v6 fd00:10::/64, 1.8e19 free", link: .detail(.subnet("sub-mgmt6"))),
        ])
    }

    @Test("a subnet: CIDR, gateway, pools and the exact free-IP count, with a link back to its network")
    func subnet() throws {
        let v = try DetailTests.view(.subnet("sub-mgmt6"))
        #expect(v.title == "Subnet mgmt-subnet-v6")
        #expect(v.lines == [
            DetailLine("Name", "mgmt-subnet-v6"), DetailLine("ID", "sub-mgmt6"),
            DetailLine("Network", "mgmt-net (net-mgmt)", link: .detail(.network("net-mgmt"))),
            DetailLine("CIDR", "fd00:10::/64"), DetailLine("IP version", "6"), DetailLine("Gateway", "fd00:10::1"), DetailLine("DHCP", "yes"),
            DetailLine("Pool", "fd00:10::2-fd00:10::ffff:ffff:ffff:ffff"), DetailLine("Free IPs", "18446744073709551614"),
        ])
        #expect(try DetailTests.view(.subnet("sub-prod")).lines.last == DetailLine("Free IPs", "248"))
    }

    @Test("raw JSON is the resource as decoded: it decodes back to the same value")
    func rawJSON() throws {
        let c = try Fixtures.cloud()
        for p in c.ports {
            let text = try DetailTests.view(.port(p.id)).json.joined(separator: "\n")
            #expect(try JSONDecoder().decode(CloudAPI.Port.self, from: Data(text.utf8)) == p)
        }
        for s in c.servers {
            let text = try DetailTests.view(.server(s.id)).json.joined(separator: "\n")
            #expect(try JSONDecoder().decode(Server.self, from: Data(text.utf8)) == s)
        }
        for n in c.networks {
            let text = try DetailTests.view(.network(n.id)).json.joined(separator: "\n")
            #expect(try JSONDecoder().decode(Network.self, from: Data(text.utf8)) == n)
        }
        for s in c.subnets {
            let text = try DetailTests.view(.subnet(s.id)).json.joined(separator: "\n")
            #expect(try JSONDecoder().decode(Subnet.self, from: Data(text.utf8)) == s)
        }
        let lines = try DetailTests.view(.port("vip-db")).json
        #expect(lines.first == "{")
        #expect(lines.last == "}")
        #expect(lines.contains { $0.contains("\"device_owner\"") && $0.contains("neutron:VIP_PORT") })
    }

    @Test("a resource that is not loaded")
    func missing() {
        #expect(Details.view(.subnet("gone"), data: CloudData(), vips: []) == DetailView(
            title: "Subnet gone", lines: [DetailLine("", "not loaded: it may still be loading, or it was deleted")], json: []))
    }
}
