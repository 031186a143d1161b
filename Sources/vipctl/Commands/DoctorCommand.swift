import ArgumentParser
import CloudAPI
import Foundation
import L10n
import VIPCore

// `vipctl doctor [--output json] [--fix ID [--yes]]`: the VIP doctor. Reads the cloud once
// (ports, servers, networks, security groups when the cloud lists them), prints the findings
// and exits 1 when one is an error. `--fix ID` plans that finding's fix on fresh reads and
// applies it through the same plan, confirm, apply, report and journal as `vipctl vip ...`.

struct DoctorCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "doctor",
            abstract: HelpText.doctor.text,
            discussion: HelpText.doctorDiscussion.text
        )
    }
    @OptionGroup var cloud: CloudOptions
    @OptionGroup var apply: ApplyOptions
    @Option(name: .customLong("fix"), help: ArgumentHelp(HelpText.doctorFix.text, valueName: "ID"))
    var fix: String?

    func run() async throws {
        if let fix {
            try await runFix(fix)
            return
        }
        let config: CloudConfig
        do { config = try cloud.loadConfig() } catch {
            Console.errLine("vipctl: \(error.oneLine)")
            throw ExitCode(2)
        }
        let strategy = VIPStrategy.chosen(flag: apply.strategy?.strategy, config: config)
        let report: DoctorReport
        do throws(CloudError) {
            // The doctor only reads: the session refuses anything but GET.
            let session = try Bootstrap.session(config: config, debugLogPath: cloud.debugLog, readOnly: true)
            let result: Result<DoctorReport, CloudError>
            do throws(CloudError) {
                result = .success(try await DoctorCommand.examine(session, strategy: strategy))
            } catch {
                result = .failure(error)
            }
            await Bootstrap.close(session)
            report = try result.get()
        } catch {
            Console.errLine("vipctl: \(error.oneLine)")
            throw ExitCode(error.isConfig ? 2 : 1)
        }
        if apply.output == .json {
            Console.json(L10n.with(.en) { Console.encodeJSON(DoctorOut(report)) })
        } else {
            Console.out(DoctorCommand.text(report))
        }
        if report.errors > 0 { throw ExitCode(1) }
    }

    /// One read of the cloud and the doctor's findings. Security groups that cannot be listed
    /// (a cloud without the extension, a policy) leave the VRRP check out, said in the report.
    static func examine(_ session: CloudSession, strategy: VIPStrategy) async throws(CloudError) -> DoctorReport {
        let inv = try await Inventory.load(session)
        let groups = try? await NeutronAPI(session: session).securityGroups()
        let input = DoctorInput(inventory: inv, securityGroups: groups, strategy: strategy,
                                maxAddressPairs: session.config.maxAddressPairs ?? Planner.defaultMaxAddressPairs,
                                flavor: CloudFlavor(config: session.config))
        return Doctor.examine(input)
    }

    /// The table (severity, id, what, ports) and a summary line.
    static func text(_ report: DoctorReport) -> String {
        var out = ""
        if !report.findings.isEmpty {
            let rows = report.findings.map { f in [f.severity.text, f.id, f.what, f.ports.map(\.label).joined(separator: ", ")] }
            out += Table(header: [DoctorText.colSeverity.text, DoctorText.colID.text, DoctorText.colWhat.text, DoctorText.colPorts.text],
                         rows: rows).render()
            out += "\n"
        }
        out += report.summary + "\n"
        if report.findings.contains(where: { $0.fix != nil }) { out += DoctorText.fixHint.text + "\n" }
        return out
    }

    func runFix(_ id: String) async throws {
        try await VipFlow.run(command: "doctor --fix", cloud: cloud, opts: apply) { r throws(CommandFailure) in
            // The findings of this read (the VRRP check, which has no fix, needs no groups here).
            let input = DoctorInput(inventory: r.inv, securityGroups: nil, strategy: r.strategy)
            let report = Doctor.examine(input)
            guard let finding = report.finding(id) else { throw CommandFailure(DoctorText.fixUnknown(id)) }
            guard let intent = finding.fix else { throw CommandFailure(DoctorText.fixNone(id, finding.what)) }
            return Resolved(intent: intent, headline: "\(finding.fixText ?? finding.what) (doctor: \(finding.id))")
        }
    }
}

// MARK: JSON (always English)

struct DoctorOut: Encodable {
    struct PortOut: Encodable {
        let id: String
        let role: String
        let label: String
    }

    struct FixOut: Encodable {
        let description: String
        let intent: IntentOut
    }

    struct FindingOut: Encodable {
        let id: String
        let kind: String
        let severity: String
        let what: String
        let why: String
        let ports: [PortOut]
        let fix: FixOut?
    }

    let strategy: String
    let vips_checked: Int
    let ports_checked: Int
    let security_groups_checked: Bool
    let errors: Int
    let warnings: Int
    let notes: Int
    let findings: [FindingOut]

    init(_ r: DoctorReport) {
        strategy = r.strategy.rawValue
        vips_checked = r.vipsChecked
        ports_checked = r.portsChecked
        security_groups_checked = r.securityGroupsChecked
        errors = r.errors
        warnings = r.warnings
        notes = r.notes
        findings = r.findings.map { f in
            FindingOut(id: f.id, kind: f.kind.rawValue, severity: f.severity.rawValue, what: f.what, why: f.why,
                       ports: f.ports.map { PortOut(id: $0.id, role: $0.role.rawValue, label: $0.label) },
                       fix: f.fix.map { FixOut(description: f.fixText ?? "", intent: IntentOut($0)) })
        }
    }
}
