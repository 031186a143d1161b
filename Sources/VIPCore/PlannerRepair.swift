import CloudAPI

// The plan of `removePairs`: one PUT that takes named addresses out of one port's pairs and
// keeps every other pair (the doctor's repairs; the same delta, executor and journal as
// every other plan).
extension PlanBuilder {
    mutating func removePairs(_ portID: String, _ addresses: [String]) throws(VIPError) {
        let p = try port(portID)
        if addresses.isEmpty { throw .refused("name at least one address to remove from the pairs of \(AddressCheck.label(p))") }
        let label = p.isVIP || (p.deviceID.isEmpty && p.deviceOwner.isEmpty) ? vipLabel(p) : nicLabel(p)
        let present = PlanBuilder.unique(addresses).filter { Planner.holds(p.allowedAddressPairs, $0) }
        guard !present.isEmpty else {
            nothing = "\(label) holds none of \(Planner.list(addresses)) in its pairs"
            return
        }
        if p.portSecurityEnabled == false {
            throw .refused("\(label) has port security off, and neutron refuses any change to the pairs of such a port")
        }
        let after = Planner.removing(p.allowedAddressPairs, present)
        putPairs(p, label: label, after: after, summary: "remove \(Planner.list(present)) from the pairs of \(label)")
        if present.contains(where: { PairKey.of($0) == PairKey.of(Planner.checkOffPair) || PairKey.of($0) == PairKey.of("0.0.0.0/0") }),
           !after.contains(where: { PairKey.of($0.ipAddress) == PairKey.of(Planner.checkOffPair) || PairKey.of($0.ipAddress) == PairKey.of("0.0.0.0/0") })
        {
            warnings.append("\(label) may then send only from its own addresses and the pairs it keeps (anti-spoofing back on)")
        }
    }
}
