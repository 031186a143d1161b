import CloudAPI
import L10n

/// Whether a typed address can be a new VIP's in a subnet. Pure and cheap (one parse of the
/// address and the subnet, one pass over the ports), so the TUI can call it on every key.
public enum AddressCheck {
    /// The first problem, in this order: not an IP, wrong version, outside the CIDR, the
    /// network address (IPv4; IPv6's subnet-router anycast address too, as neutron refuses it
    /// for ports that are not a router's or DHCP's), the IPv4 broadcast address (prefixes
    /// below /31), the gateway, outside the allocation pools, in use by a port's fixed IP.
    /// nil: the address is fine.
    /// `servers` names the holder of an address in use when it is a server's NIC.
    public static func check(_ ip: String, subnet: Subnet, ports: [Port], servers: [Server] = []) -> AddressProblem? {
        guard let a = IPAddressValue(ip) else { return .notAnAddress }
        guard let cidr = CIDRValue(subnet.cidr) else {
            return a.version == subnet.ipVersion ? .outsideSubnet(cidr: subnet.cidr) : .wrongVersion(subnetVersion: subnet.ipVersion)
        }
        if a.version != cidr.version { return .wrongVersion(subnetVersion: cidr.version) }
        if !cidr.contains(a) { return .outsideSubnet(cidr: subnet.cidr) }
        if a == cidr.network { return .networkAddress }
        if cidr.version == 4, cidr.prefix < 31, a == cidr.last { return .broadcastAddress }
        if let gw = subnet.gatewayIP.flatMap({ IPAddressValue($0) }), gw == a { return .gateway }
        if !subnet.allocationPools.isEmpty {
            let inside = subnet.allocationPools.contains { pool in
                guard let lo = IPAddressValue(pool.start), let hi = IPAddressValue(pool.end), lo.version == a.version else { return false }
                return lo <= a && a <= hi
            }
            if !inside { return .outsidePools(pools: subnet.allocationPools.map { "\($0.start)-\($0.end)" }) }
        }
        let text = a.description
        for p in ports {
            for f in p.fixedIPs where f.subnetID.isEmpty || f.subnetID == subnet.id {
                // The canonical spelling matches in one compare; parse only what could differ.
                if f.ipAddress == text || (a.version == 6 && f.ipAddress.contains(":") && IPAddressValue(f.ipAddress) == a) {
                    if !p.deviceID.isEmpty, let s = servers.first(where: { $0.id == p.deviceID }) {
                        return .inUse(byPort: p.id, label: PlanText.nicLabel(f.ipAddress, s.name.isEmpty ? s.id : Inert.name(s.name)))
                    }
                    return .inUse(byPort: p.id, label: label(p))
                }
            }
        }
        return nil
    }

    /// How a port is named in "in use by ...": its name and owner, else its owner and id.
    public static func label(_ p: Port) -> String {
        let short = String(p.id.prefix(8))
        switch (p.name.isEmpty, p.deviceOwner.isEmpty) {
        case (false, false): return PlanText.portNamedOwned(Inert.name(p.name), Inert.name(p.deviceOwner))
        case (false, true): return PlanText.portNamed(Inert.name(p.name))
        case (true, false): return PlanText.portNamedOwned(short, Inert.name(p.deviceOwner))
        case (true, true): return PlanText.portShort(short)
        }
    }
}
