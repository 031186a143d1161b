import CloudAPI
import Foundation
import L10n

/// What kind of cloud a plan is for, as far as the rules its API applies to the requests go.
/// Taken from the cloud's settings (`CloudFlavor(config:)`), never from the plan's strategy
/// alone: the huawei strategy is the default on any cloud, also a vanilla Neutron.
public struct CloudFlavor: Equatable, Sendable {
    /// Huawei Cloud or Huawei Cloud Stack: AK/SK sign-in (only Huawei's API gateway takes it),
    /// `vip_strategy: huawei` said for the cloud, a `domain_suffix`, or `hardware_sdn`.
    public var huawei: Bool
    /// `hardware_sdn: true` (`OS_HARDWARE_SDN`): allowed address pairs take single addresses,
    /// never CIDRs.
    public var hardwareSDN: Bool

    /// A cloud with no vendor rules beyond Neutron's.
    public static let neutron = CloudFlavor(huawei: false, hardwareSDN: false)

    /// A hardware-SDN cloud is a Huawei one.
    public init(huawei: Bool, hardwareSDN: Bool) {
        self.huawei = huawei || hardwareSDN
        self.hardwareSDN = hardwareSDN
    }

    public init(config: CloudConfig) {
        let huawei = config.auth.accessKey != nil || config.vipStrategy == VIPStrategy.huawei.rawValue
            || config.domainSuffix != nil || config.hardwareSDN
        self.init(huawei: huawei, hardwareSDN: config.hardwareSDN)
    }
}

/// Huawei's rules for the requests of a plan, checked before anything is sent, so the admin
/// learns in the plan what the cloud would answer with a 400 in the middle of an apply
/// (README: "Huawei's rules"; reference 4.4, 4.10):
/// - a port has at most one fixed IP;
/// - `0.0.0.0/0` (or `0.0.0.0`) is never an allowed address pair;
/// - `device_owner` is `""` or `neutron:VIP_PORT` on a create and is never updated;
/// - hardware-SDN (`hardware_sdn`): an allowed address pair is a single address, never a CIDR
///   (`1.1.1.1/0`, the documented "source/destination check off" value, excepted, as the
///   simulator's hardware-SDN region does).
///
/// The one place these are checked: `Planner.plan` runs it on every plan it makes (the wizard,
/// the headless commands, the doctor's fixes, journal undo, the re-plan before an apply), and
/// both front ends show the refusal it throws.
public enum HuaweiRules {
    /// The first request of `plan` that a cloud of `flavor` would refuse, as a refusal naming
    /// the port, the rule and what to do instead; nothing on a cloud without Huawei's rules.
    public static func check(_ plan: Plan, flavor: CloudFlavor) throws(VIPError) {
        guard flavor.huawei else { return }
        for step in plan.steps {
            if let why = refusal(step, flavor: flavor) { throw .refused(why) }
        }
    }

    static func refusal(_ step: PlanStep, flavor: CloudFlavor) -> String? {
        guard let text = step.body, let data = text.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let port = root["port"] as? [String: Any]
        else { return nil }
        let label = step.changes.first?.portLabel ?? step.path
        if let fixed = port["fixed_ips"] as? [Any], fixed.count > 1 {
            return RefusalText.huaweiOneFixedIP(label, fixed.count)
        }
        if let owner = port["device_owner"] as? String {
            if step.operation != .create {
                return RefusalText.huaweiOwnerUpdate(label, Inert.field(owner))
            }
            if !owner.isEmpty && owner != Port.vipOwner {
                return RefusalText.huaweiOwnerCreate(label, Inert.field(owner), Port.vipOwner)
            }
        }
        let pairs = (port["allowed_address_pairs"] as? [[String: Any]] ?? []).compactMap { $0["ip_address"] as? String }
        for ip in pairs where anyAddress.contains(PairKey.of(ip)) {
            return RefusalText.huaweiAnyAddress(label, Inert.field(ip), AddressPair.checkOff)
        }
        if flavor.hardwareSDN {
            for ip in pairs where ip.contains("/") && ip != AddressPair.checkOff {
                if let c = CIDRValue(ip), c.prefix == c.address.bitWidth {
                    return RefusalText.hardwareSDNHostCIDR(label, Inert.field(ip), c.address.description)
                }
                return RefusalText.hardwareSDNCIDR(label, Inert.field(ip))
            }
        }
        return nil
    }

    /// `0.0.0.0/0` and `0.0.0.0` as `PairKey` spells them.
    static let anyAddress: Set<String> = [PairKey.of("0.0.0.0/0"), PairKey.of("0.0.0.0")]
}
