import CloudAPI

// The shell exports: `openstack` CLI commands and curl commands, step by step in the plan's
// order. Both read the token from the environment (`$OS_TOKEN` or the CLI's own OS_*
// variables and clouds.yaml); no token or password is ever written into them.
extension Export {
    static let readAddress = #"python3 -c 'import json,sys; print(json.load(sys.stdin)["fixed_ips"][0]["ip_address"])'"#
    static let readPortID = #"python3 -c 'import json,sys; print(json.load(sys.stdin)["port"]["id"])'"#
    static let readPortAddress = #"python3 -c 'import json,sys; print(json.load(sys.stdin)["port"]["fixed_ips"][0]["ip_address"])'"#

    /// The port a step acts on, as a shell word.
    static func shPort(_ ref: PortRef) -> String {
        switch ref {
        case .existing(let id): return sh(id)
        case .created(let n): return "\"$\(portVar(n))\""
        }
    }

    // MARK: openstack CLI

    static func openstackCLI(_ plan: Plan, _ steps: [ExportStep], _ context: ExportContext) -> String {
        var out = "#!/bin/sh\n"
        out += header(plan, context)
        out += """
            # The openstack CLI reads the cloud from OS_CLOUD (clouds.yaml) or the OS_* variables.
            # `port set --allowed-address` ADDS a pair to the ones the port holds when it runs and
            # `port unset --allowed-address` removes one, so pairs added by others are kept.
            set -e

            """
        let addresses = addressesNeeded(plan)
        for e in steps {
            out += "\n" + comment("Step \(e.step.id): \(e.step.summary)")
            let port = shPort(e.step.port)
            switch e.kind {
            case .create(let c):
                var args = ["openstack", "port", "create", "--network", sh(c.networkID), "--device-owner", sh(c.deviceOwner)]
                if c.subnetID != nil || c.ipAddress != nil {
                    var fixed: [String] = []
                    if let s = c.subnetID { fixed.append("subnet=\(s)") }
                    if let a = c.ipAddress { fixed.append("ip-address=\(a)") }
                    args += ["--fixed-ip", sh(fixed.joined(separator: ","))]
                }
                for p in c.pairs { args += ["--allowed-address", sh("ip-address=\(p)")] }
                args += ["-f", "value", "-c", "id", sh(c.name)]
                out += "\(portVar(e.step.id))=$(\(args.joined(separator: " ")))\n"
                if addresses.contains(e.step.id) {
                    out += "\(addressVar(e.step.id))=$(openstack port show \"$\(portVar(e.step.id))\" -f json -c fixed_ips | \(readAddress))\n"
                }
            case .update(let d):
                if !d.removePairs.isEmpty || !d.removeGroups.isEmpty {
                    var args = ["openstack", "port", "unset"]
                    if !d.removePairs.isEmpty {
                        // The CLI removes a pair only when it matches exactly, MAC included; a
                        // pair added without a MAC holds the port's own.
                        out += "MAC=$(openstack port show \(port) -f value -c mac_address)\n"
                    }
                    for p in d.removePairs { args += ["--allowed-address", shWord("ip-address=\(p)", plan) + ",mac-address=\"$MAC\""] }
                    for g in d.removeGroups { args += ["--security-group", sh(g)] }
                    out += (args + [port]).joined(separator: " ") + "\n"
                }
                var set = ["openstack", "port", "set"]
                if d.clearGroups { set.append("--no-security-group") }
                if let ps = d.portSecurity { set.append(ps ? "--enable-port-security" : "--disable-port-security") }
                for g in d.addGroups { set += ["--security-group", sh(g)] }
                for p in d.addPairs { set += ["--allowed-address", shWord("ip-address=\(p)", plan)] }
                if set.count > 3 { out += (set + [port]).joined(separator: " ") + "\n" }
            case .delete:
                out += "openstack port delete \(port)\n"
            }
        }
        return out
    }

    // MARK: curl

    static func curl(_ plan: Plan, _ steps: [ExportStep], _ context: ExportContext) -> String {
        var out = "#!/bin/sh\n"
        out += header(plan, context)
        out += """
            # Needs: OS_TOKEN (e.g. `openstack token issue -f value -c id`), NEUTRON_URL (the network
            # endpoint, without /v2.0) and, for the server interfaces, NOVA_URL (the compute endpoint).
            # Each PUT sends the port's whole pair list as the plan read it (a PUT replaces the
            # list); If-Match makes it fail with 412 when the port changed since: plan again then.
            set -e
            : "${OS_TOKEN:?set OS_TOKEN}" "${NEUTRON_URL:?set NEUTRON_URL}"

            """
        let addresses = addressesNeeded(plan)
        let auth = "-H \"X-Auth-Token: $OS_TOKEN\""
        var serversShown = false
        for e in ordered(steps) {
            if case .update = e.kind, !e.isVIP, !serversShown {
                serversShown = true
                for server in nicServers(steps, context) {
                    out += "\n" + comment("The interfaces of server \(server) (its NIC ports)")
                    out += "curl -fsS \"$NOVA_URL\"/servers/\(sh(server))/os-interface \(auth)\n"
                }
            }
            out += "\n" + comment("Step \(e.step.id): \(e.step.summary)")
            var args = ["curl", "-fsS", "-X", e.step.method, "\"$NEUTRON_URL\"" + shWord(e.step.path, plan), auth]
            if e.step.body != nil { args.append("-H 'Content-Type: application/json'") }
            if let rev = e.step.ifRevision { args.append("-H 'If-Match: revision_number=\(rev)'") }
            if let body = e.step.body { args += ["-d", shWord(body, plan)] }
            let command = args.joined(separator: " ")
            if case .create = e.kind {
                let n = e.step.id
                out += "STEP_\(n)=$(\(command))\n"
                out += "\(portVar(n))=$(printf '%s' \"$STEP_\(n)\" | \(readPortID))\n"
                if addresses.contains(n) { out += "\(addressVar(n))=$(printf '%s' \"$STEP_\(n)\" | \(readPortAddress))\n" }
            } else {
                out += command + "\n"
            }
        }
        return out
    }

    /// The servers of the NICs the steps update, in order, each once.
    static func nicServers(_ steps: [ExportStep], _ context: ExportContext) -> [String] {
        var out: [String] = []
        for e in ordered(steps) {
            guard case .update = e.kind, !e.isVIP, case .existing(let id) = e.step.port, let s = context.serverOfPort[id],
                  !out.contains(s) else { continue }
            out.append(s)
        }
        return out
    }

    /// The vendor procedure's order: create the VIP port, update the VIP's pairs, then the
    /// NICs, deletes last (the plan's dependencies hold in this order too).
    static func ordered(_ steps: [ExportStep]) -> [ExportStep] {
        func rank(_ e: ExportStep) -> Int {
            switch e.kind {
            case .create: return 0
            case .update: return e.isVIP ? 1 : 2
            case .delete: return 3
            }
        }
        return steps.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }
}
