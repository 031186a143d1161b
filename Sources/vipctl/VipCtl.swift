import ArgumentParser
import CloudAPI

@main
struct VipCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vipctl",
        abstract: "Bind virtual IPs (VIP ports) to servers on OpenStack and Huawei Cloud, safely.",
        version: VipctlVersion.string,
        subcommands: [UI.self, Demo.self, Keys.self, Sim.self, Networks.self, Subnets.self, Ports.self, Servers.self, Nics.self,
                      Vips.self],
        defaultSubcommand: UI.self
    )
}
