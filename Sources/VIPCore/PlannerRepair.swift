import CloudAPI
import L10n

// The plan of `removePairs`: one PUT that takes named addresses out of one port's pairs and
// keeps every other pair (the doctor's repairs; the same delta, executor and journal as
// every other plan).
extension PlanBuilder {
    mutating func removePairs(_ portID: String, _ addresses: [String]) throws(VIPError) {
        let p = try port(portID)
        if addresses.isEmpty { throw .refused(RefusalText.nameAddressToRemove(AddressCheck.label(p))) }
        let label = p.isVIP || (p.deviceID.isEmpty && p.deviceOwner.isEmpty) ? vipLabel(p) : nicLabel(p)
        let present = PlanBuilder.unique(addresses).filter { Planner.holds(p.allowedAddressPairs, $0) }
        guard !present.isEmpty else {
            nothing = PlanText.holdsNoneOf(label, Planner.list(addresses))
            return
        }
        if p.portSecurityEnabled == false {
            throw .refused(RefusalText.portSecurityOffNoChange(label))
        }
        let after = Planner.removing(p.allowedAddressPairs, present)
        putPairs(p, label: label, after: after, summary: PlanText.removeFromPairs(Planner.list(present), label))
        if present.contains(where: { PairKey.of($0) == PairKey.of(Planner.checkOffPair) || PairKey.of($0) == PairKey.of("0.0.0.0/0") }),
           !after.contains(where: { PairKey.of($0.ipAddress) == PairKey.of(Planner.checkOffPair) || PairKey.of($0.ipAddress) == PairKey.of("0.0.0.0/0") })
        {
            warnings.append(PlanText.warnAntiSpoofingBackOn(label))
        }
    }
}
