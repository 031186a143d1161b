/// `vipctl --help`: each command's abstract, the shared notes on applying, and the options'
/// help. The language is set in main() before the arguments are parsed, so the commands'
/// configurations and option help, computed from here, follow it. Flags, option names,
/// value names and examples stay as they are.
public enum HelpText: String, CatalogArea {
    case root, ui, uiDiscussion, demo, demoDiscussion, keys, sim, simDiscussion
    case networks, subnets, ports, servers, nics, vips
    case vipGroup, vipCreate, vipBind, vipUnbind, vipDelete, nicGroup, nicCheck
    case journal, journalList, journalShow, journalUndo
    case doctor, doctorDiscussion, doctorFix, exportDiscussion, exportFormat, exportJournal, exportCommand
    case applyDiscussion
    // Options.
    case output, applyOutput, yes, dryRun, readOnly, strategy, osCloud, region, cacert, insecure, debugLog, timeout, connectTimeout
    case subnetsNetwork, portsDeviceOwner, portsNetwork, portsDeviceID, nicsServer
    case createNetwork, createSubnet, createIP, createName, createBind
    case vipArgument, bindServer, bindNIC, unbindServer, unbindNIC, deleteUnbind
    case nicPort, nicState, journalLimit, journalRun, journalUndoRun
    case uiReadOnly, demoReadOnly, demoLatency, demoScenario, demoDebugLog
    case simHost, simPort, simAllowRemote, simScenario, simPorts, simServers, simNetworks, simFlavor, simTokenTTL, simLatency, simState

    public static let en: [HelpText: String] = [
        .root: "Bind virtual IPs (VIP ports) to servers on OpenStack and Huawei Cloud, safely.",
        .ui: "Open the terminal UI on the configured cloud (the default command).",
        .uiDiscussion: "Keys: press ? in the UI; the README lists them all.",
        .demo: "Open the terminal UI on a built-in demo cloud (nothing leaves this machine).",
        .demoDiscussion: """
            Starts the cloud simulator on 127.0.0.1 (a free port) with the demo scenario: three \
            networks, twelve servers, two VIPs. The UI talks to it over HTTP with the same client \
            it uses for a real cloud. Everything is forgotten on exit.
            """,
        .keys: "Print the terminal UI's keys as Markdown (the README's key list).",
        .sim: "Run the local cloud simulator (Keystone v3, Neutron v2.0, Nova v2.1).",
        .simDiscussion: """
            Prints `listening on http://HOST:PORT`, then the OS_* exports a client needs. \
            Services: identity at /identity/v3, network at /networking, compute at /compute/v2.1. \
            Test controls (loopback only): GET /__sim/stats, POST /__sim/faults, POST /__sim/reset.
            """,
        .networks: "List networks with their subnets.",
        .subnets: "List subnets (CIDR, gateway, allocation pools).",
        .ports: "List ports (fixed IPs, pairs, source/destination check).",
        .servers: "List servers (from Nova, or from Neutron ports where there is no Nova).",
        .nics: "Show a server's NICs (name or id).",
        .vips: "List VIP ports with the servers their pairs resolve to.",
        .vipGroup: "Create, bind, unbind and delete VIPs (plan first; --yes, --dry-run).",
        .vipCreate: "Create a VIP port in a network, optionally binding servers right away.",
        .vipBind: "Bind a VIP to one more server (the servers already bound stay bound).",
        .vipUnbind: "Unbind a server from a VIP (the other servers stay bound).",
        .vipDelete: "Delete a VIP port (refused while it is bound, unless --unbind).",
        .nicGroup: "Change a server NIC (source/destination check).",
        .nicCheck: "Turn a NIC's source/destination check on or off.",
        .journal: "Show the journal of changes vipctl made (newest first).",
        .journalList: "List the runs, newest first: time, outcome, command, summary, cloud/project, run id.",
        .journalShow: "Show one run: its requests, each port before → after, the report.",
        .journalUndo: "Undo a run: a plan that reverses exactly what it changed (refused when a port changed since in a conflicting way).",
        .applyDiscussion: """

            Prints the plan first: the strategy, every request (method, path, exact body, If-Match) and \
            each port's pairs before and after, with warnings. On a terminal it then asks "Apply? [y/N]"; \
            --yes applies without asking, --dry-run only prints. Without a terminal and without either \
            flag it refuses (exit 2). --read-only (or read_only: true in clouds.yaml) never applies. \
            Progress goes to stderr, one line per event; the report to stdout.

            Exit codes: 0 applied (or nothing to do, or a dry run), 1 failed (the report says rolled \
            back or partial) or answered no, 2 usage or configuration error, read-only, or no terminal to ask on.
            """,

        .output: "table or json.",
        .applyOutput: "table (plan and report as text) or json.",
        .yes: "Apply without asking.",
        .dryRun: "Only print the plan; send nothing.",
        .readOnly: "Never change the cloud: print the plan, apply nothing (also `read_only: true` in clouds.yaml).",
        .strategy: "huawei or openstack (else `vip_strategy` in clouds.yaml, else huawei).",
        .osCloud: "Cloud name in clouds.yaml (else OS_CLOUD, OS_* or the only cloud).",
        .region: "Region (else OS_REGION_NAME / region_name).",
        .cacert: "PEM file of the CAs to trust (replaces the system's trust roots, as in the openstack CLI).",
        .insecure: "Do not verify TLS certificates (warns on stderr; the UI shows INSECURE).",
        .debugLog: "Append every call (bodies with secrets masked) to FILE (made mode 0600).",
        .timeout: "Longest one request may take, in seconds, 1-3600 (else api_timeout / OS_API_TIMEOUT; default 60 s without an answer, 120 s in all).",
        .connectTimeout: "Longest wait for a connection, in seconds, 1-600 (else connect_timeout / OS_CONNECT_TIMEOUT; default 10).",
        .subnetsNetwork: "Only subnets of this network id.",
        .portsDeviceOwner: "e.g. neutron:VIP_PORT or compute:nova.",
        .portsNetwork: "Network id.",
        .portsDeviceID: "Device (server) id.",
        .nicsServer: "Server name or id.",
        .createNetwork: "Network name or id.",
        .createSubnet: "Subnet name, id or CIDR (else the subnet of the first bound NIC's IP, else Neutron picks).",
        .createIP: "The VIP address (else automatic).",
        .createName: "Name of the VIP port (default vip-<address>, or vip-<network> when automatic).",
        .createBind: "Bind this server (name or id) right away; repeat for more.",
        .vipArgument: "The VIP: name, port id or address.",
        .bindServer: "Server name or id (SERVER:NIC-IP works too).",
        .bindNIC: "The server's NIC to bind: port id or IP.",
        .unbindServer: "Server name or id.",
        .unbindNIC: "Only this NIC of the server: port id or IP.",
        .deleteUnbind: "Unbind the servers first (else a bound VIP is not deleted).",
        .nicPort: "The NIC: port id, port name or fixed IP.",
        .nicState: "on or off.",
        .journalLimit: "Only the N newest runs.",
        .journalRun: "A run id, or the start of one.",
        .doctor: "Find half-configured VIPs (and what else breaks failover); fix one.",
        .doctorDiscussion: """
            Checks every VIP: pairs naming an address no NIC holds, bound NICs whose \
            source/destination check is on (huawei) or whose pairs lack the VIP (openstack), \
            1.1.1.1/0 or 0.0.0.0/0 on NICs no VIP needs, VIP ports without device_owner \
            neutron:VIP_PORT or attached to a device, pairs on ports with port security off, VIPs \
            bound to one NIC, security groups that keep VRRP (protocol 112) from the peers, pair \
            lists near max_allowed_address_pair.

            Exit codes: 0 no errors found (warnings and notes allowed), 1 errors found (or a fix \
            that failed), 2 usage or configuration.

            --fix ID: the finding's fix is planned on fresh reads and printed; it is applied after \
            "Apply? [y/N]", or at once with --yes, and written to the journal (vipctl journal undo \
            reverses it).
            """,
        .doctorFix: "Fix the finding with this id (see the ID column).",
        .exportDiscussion: """
            Examples:
              vipctl export --format openstack vip create --network prod-net --bind lb-01 --bind lb-02
              vipctl export --format curl vip bind vip-web --server web-01
              vipctl export --format terraform --journal 3f2a9c1d

            The arguments after `vip create|bind|unbind` are those of `vipctl vip create|bind|unbind` \
            (cloud options, --strategy included). The plan is made from a fresh read, exactly as \
            the command would make it; nothing is written. The exports never hold a token or a \
            password: curl reads $OS_TOKEN, $NEUTRON_URL and $NOVA_URL; Postman uses {{token}}.
            """,
        .exportFormat: "openstack, curl, terraform or postman.",
        .exportJournal: "Export what a journal run changed instead (a run id or its start).",
        .exportCommand: "vip create|bind|unbind and its arguments.",
        .journalUndoRun: "A run id, the start of one, or `last`.",
        .uiReadOnly: "Never change anything in the cloud (also `read_only: true` in clouds.yaml).",
        .demoReadOnly: "Never change anything in the demo cloud.",
        .demoLatency: "Delay every response of the demo cloud (to see the UI load).",
        .demoScenario: "Initial data: demo, scale (100,000 ports) or contention (40 servers, 5 VIPs in one network).",
        .demoDebugLog: "Write every call (bodies with secrets masked) to FILE.",
        .simHost: "Address to listen on. Only loopback unless --allow-remote.",
        .simPort: "Port to listen on (0 picks a free one).",
        .simAllowRemote: "Allow listening on a non-loopback address.",
        .simScenario: "Initial data: demo, empty, scale, or contention (ha-net, node-01..node-40, vip-ha..vip-ha-5).",
        .simPorts: "Ports for --scenario scale.",
        .simServers: "Servers for --scenario scale.",
        .simNetworks: "Networks for --scenario scale.",
        .simFlavor: "Behave like vanilla OpenStack or like Huawei Cloud: openstack or huawei.",
        .simTokenTTL: "Token lifetime in seconds (default 3600; huawei 86400).",
        .simLatency: "Delay added to every response.",
        .simState: "Load state from FILE at start and save it there after every change.",
    ]

    public static let zh: [HelpText: String] = [
        .root: "在 OpenStack 和华为云上安全地将虚拟IP（虚拟IP端口）绑定到云服务器。",
        .ui: "在已配置的云上打开终端界面（默认命令）。",
        .uiDiscussion: "按键：在界面中按 ? 查看；README 列出了全部按键。",
        .demo: "在内置的演示云上打开终端界面（不会有任何数据离开本机）。",
        .demoDiscussion: """
            在 127.0.0.1（一个空闲端口）上以演示场景启动云模拟器：三个网络、十二台云服务器、两个虚拟IP。\
            界面通过 HTTP 与它通信，使用的客户端与真实云相同。退出后一切都会被丢弃。
            """,
        .keys: "以 Markdown 格式打印终端界面的按键（README 中的按键列表）。",
        .sim: "运行本地云模拟器（Keystone v3、Neutron v2.0、Nova v2.1）。",
        .simDiscussion: """
            先打印 `listening on http://HOST:PORT`，然后打印客户端需要的 OS_* 环境变量。\
            服务：身份认证在 /identity/v3，网络在 /networking，计算在 /compute/v2.1。\
            测试控制（仅限环回地址）：GET /__sim/stats、POST /__sim/faults、POST /__sim/reset。
            """,
        .networks: "列出网络及其子网。",
        .subnets: "列出子网（CIDR、网关、分配池）。",
        .ports: "列出端口（固定IP、地址对、源/目的检查）。",
        .servers: "列出云服务器（来自 Nova；没有 Nova 时来自 Neutron 端口）。",
        .nics: "显示云服务器的网卡（名称或 ID）。",
        .vips: "列出虚拟IP端口，以及其地址对所对应的云服务器。",
        .vipGroup: "创建、绑定、解绑和删除虚拟IP（先显示计划；--yes、--dry-run）。",
        .vipCreate: "在网络中创建虚拟IP端口，可同时绑定云服务器。",
        .vipBind: "将虚拟IP再绑定到一台云服务器（已绑定的云服务器保持绑定）。",
        .vipUnbind: "将一台云服务器从虚拟IP解绑（其他云服务器保持绑定）。",
        .vipDelete: "删除虚拟IP端口（已绑定时拒绝，除非使用 --unbind）。",
        .nicGroup: "更改云服务器的网卡（源/目的检查）。",
        .nicCheck: "开启或关闭网卡的源/目的检查。",
        .journal: "显示 vipctl 所做更改的操作日志（最新的在前）。",
        .journalList: "列出运行记录，最新的在前：时间、结果、命令、摘要、云/项目、运行 ID。",
        .journalShow: "显示一次运行：其请求、每个端口的之前 → 之后，以及报告。",
        .journalUndo: "撤销一次运行：生成一个准确逆转其更改的计划（端口此后发生冲突的更改时拒绝）。",
        .applyDiscussion: """

            先打印计划：策略、每个请求（方法、路径、准确的请求体、If-Match），以及每个端口之前和之后的地址对和警告。\
            在终端上会询问“执行？[y/N]”；--yes 不询问直接执行，--dry-run 只打印。\
            既没有终端也没有这两个选项时拒绝执行（退出码 2）。--read-only（或 clouds.yaml 中的 read_only: true）从不执行。\
            进度输出到 stderr，每个事件一行；报告输出到 stdout。

            退出码：0 已执行（或无需操作，或试运行），1 失败（报告说明已回滚或部分执行）或回答为否，\
            2 用法或配置错误、只读、或没有可询问的终端。
            """,

        .output: "table 或 json。",
        .applyOutput: "table（以文本输出计划和报告）或 json。",
        .yes: "不询问，直接执行。",
        .dryRun: "只打印计划；不发送任何请求。",
        .readOnly: "从不更改云：打印计划，不执行（也可在 clouds.yaml 中设置 `read_only: true`）。",
        .strategy: "huawei 或 openstack（否则使用 clouds.yaml 中的 `vip_strategy`，再否则为 huawei）。",
        .osCloud: "clouds.yaml 中的云名称（否则使用 OS_CLOUD、OS_* 或唯一的云）。",
        .region: "区域（否则使用 OS_REGION_NAME / region_name）。",
        .cacert: "要信任的 CA 的 PEM 文件（取代系统的信任根，与 openstack CLI 相同）。",
        .insecure: "不验证 TLS 证书（在 stderr 上警告；界面显示 INSECURE）。",
        .debugLog: "将每次调用（请求体中的密钥已遮盖）追加到 FILE（权限 0600）。",
        .timeout: "单个请求最长耗时，单位秒，1-3600（否则使用 api_timeout / OS_API_TIMEOUT；默认无应答 60 秒，总计 120 秒）。",
        .connectTimeout: "建立连接的最长等待时间，单位秒，1-600（否则使用 connect_timeout / OS_CONNECT_TIMEOUT；默认 10）。",
        .subnetsNetwork: "只列出此网络 ID 的子网。",
        .portsDeviceOwner: "例如 neutron:VIP_PORT 或 compute:nova。",
        .portsNetwork: "网络 ID。",
        .portsDeviceID: "设备（云服务器）ID。",
        .nicsServer: "云服务器名称或 ID。",
        .createNetwork: "网络名称或 ID。",
        .createSubnet: "子网名称、ID 或 CIDR（否则使用第一个绑定网卡的IP所在子网，再否则由 Neutron 选择）。",
        .createIP: "虚拟IP地址（否则自动分配）。",
        .createName: "虚拟IP端口的名称（默认 vip-<地址>，自动分配地址时为 vip-<网络>）。",
        .createBind: "同时绑定此云服务器（名称或 ID）；可重复以绑定多台。",
        .vipArgument: "虚拟IP：名称、端口 ID 或地址。",
        .bindServer: "云服务器名称或 ID（也可以用 SERVER:NIC-IP）。",
        .bindNIC: "要绑定的云服务器网卡：端口 ID 或 IP。",
        .unbindServer: "云服务器名称或 ID。",
        .unbindNIC: "只解绑云服务器的这个网卡：端口 ID 或 IP。",
        .deleteUnbind: "先解绑云服务器（否则不删除已绑定的虚拟IP）。",
        .nicPort: "网卡：端口 ID、端口名称或固定IP。",
        .nicState: "on 或 off。",
        .journalLimit: "只显示最新的 N 次运行。",
        .journalRun: "运行 ID，或其开头部分。",
        .doctor: "查找配置不完整的虚拟IP（以及其他会破坏故障切换的问题）；修复其中一项。",
        .doctorDiscussion: """
            检查每个虚拟IP：地址对中有没有任何网卡持有的地址；已绑定网卡的源/目的检查仍开启（huawei）\
            或其地址对缺少虚拟IP（openstack）；不需要它的网卡上有 1.1.1.1/0 或 0.0.0.0/0；虚拟IP端口的 \
            device_owner 不是 neutron:VIP_PORT 或挂载到了设备上；端口安全关闭的端口上有地址对；\
            只绑定了一个网卡的虚拟IP；阻止对端 VRRP（协议 112）的安全组；地址对数量接近 max_allowed_address_pair。

            退出码：0 未发现错误（可有警告和提示），1 发现错误（或修复失败），2 用法或配置错误。

            --fix ID：基于重新读取的数据为该项制定修复计划并打印；确认“执行？[y/N]”后执行，\
            或使用 --yes 直接执行，并写入操作日志（vipctl journal undo 可撤销）。
            """,
        .doctorFix: "修复此 ID 对应的问题（见 ID 列）。",
        .exportDiscussion: """
            示例：
              vipctl export --format openstack vip create --network prod-net --bind lb-01 --bind lb-02
              vipctl export --format curl vip bind vip-web --server web-01
              vipctl export --format terraform --journal 3f2a9c1d

            `vip create|bind|unbind` 之后的参数与 `vipctl vip create|bind|unbind` 相同\
            （包括云选项和 --strategy）。计划基于重新读取的数据制定，与该命令制定的完全一致；不写入任何内容。\
            导出内容从不包含令牌或密码：curl 读取 $OS_TOKEN、$NEUTRON_URL 和 $NOVA_URL；Postman 使用 {{token}}。
            """,
        .exportFormat: "openstack、curl、terraform 或 postman。",
        .exportJournal: "改为导出某次操作日志运行所做的更改（运行 ID 或其开头部分）。",
        .exportCommand: "vip create|bind|unbind 及其参数。",
        .journalUndoRun: "运行 ID、其开头部分，或 `last`。",
        .uiReadOnly: "从不更改云中的任何内容（也可在 clouds.yaml 中设置 `read_only: true`）。",
        .demoReadOnly: "从不更改演示云中的任何内容。",
        .demoLatency: "延迟演示云的每个应答（以便观察界面加载）。",
        .demoScenario: "初始数据：demo、scale（100,000 个端口）或 contention（40 台云服务器，一个网络中 5 个虚拟IP）。",
        .demoDebugLog: "将每次调用（请求体中的密钥已遮盖）写入 FILE。",
        .simHost: "监听的地址。除非使用 --allow-remote，只允许环回地址。",
        .simPort: "监听的端口（0 表示选择一个空闲端口）。",
        .simAllowRemote: "允许在非环回地址上监听。",
        .simScenario: "初始数据：demo、empty、scale 或 contention（ha-net、node-01..node-40、vip-ha..vip-ha-5）。",
        .simPorts: "--scenario scale 的端口数。",
        .simServers: "--scenario scale 的云服务器数。",
        .simNetworks: "--scenario scale 的网络数。",
        .simFlavor: "模拟原生 OpenStack 或华为云：openstack 或 huawei。",
        .simTokenTTL: "Token 有效期，单位秒（默认 3600；huawei 为 86400）。",
        .simLatency: "为每个应答增加的延迟。",
        .simState: "启动时从 FILE 加载状态，每次更改后保存到该文件。",
    ]
}
