import ArgumentParser

@main
struct VipCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vipctl",
        abstract: "Bind virtual IPs (VIP ports) to servers on OpenStack and Huawei Cloud, safely.",
        version: VipCtlVersion.string,
        subcommands: [Sim.self]
    )
}

enum VipCtlVersion {
    static let string = "0.1.0"
}
