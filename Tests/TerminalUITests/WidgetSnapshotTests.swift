import Testing
@testable import TerminalUI

/// Every widget drawn into whole screens at 80x24 and 120x40, compared as text. Attributes
/// are checked in WidgetTests.
@Suite struct WidgetSnapshotTests {
    func expectScreen(_ b: CellBuffer, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let lines = b.lines()
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == want.count, sourceLocation: sourceLocation)
        for (i, (got, exp)) in zip(lines, want).enumerated() where got != exp {
            Issue.record("row \(i):\n got: \(got)\nwant: \(exp)", sourceLocation: sourceLocation)
        }
        #expect(wideInvariantHolds(b), sourceLocation: sourceLocation)
    }

    @Test func portsTable80x24() {
        expectScreen(Scenes.ports(80, 24), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Name▲                ID             Fixed IPs            Pairs  Src/Dst  Status
             数据库主节点         6f1c2d3e-8a9…  192.168.10.11            2  off      ACTIVE
             数据库备节点         0a1b2c3d-4e5…  192.168.10.12            2  off      ACTIVE
             keepalived-vip       9d8c7b6a-5f4…  192.168.10.100           0  on       DOWN
             负载均衡器-外网入…   1b2c3d4e-5f6…  10.20.0.5, 10.20.0…      1  on       ACTIVE
             web-frontend-01      2c3d4e5f-6a7…  10.0.0.5                 0  on       BUILD
             node-01              01aa00bb-000…  10.0.1.1                 0  on       ACTIVE
             node-02              02aa00bb-000…  10.0.1.2                 0  on       ACTIVE
             node-03              03aa00bb-000…  10.0.1.3                 0  on       ACTIVE
             node-04              04aa00bb-000…  10.0.1.4                 0  on       ACTIVE
             node-05              05aa00bb-000…  10.0.1.5                 0  on       ACTIVE
             node-06              06aa00bb-000…  10.0.1.6                 0  on       ACTIVE
             node-07              07aa00bb-000…  10.0.1.7                 0  on       ACTIVE
             node-08              08aa00bb-000…  10.0.1.8                 0  on       ACTIVE
             node-09              09aa00bb-000…  10.0.1.9                 0  on       ACTIVE
             node-10              10aa00bb-000…  10.0.1.10                0  on       ACTIVE
             node-11              11aa00bb-000…  10.0.1.11                0  on       ACTIVE
             node-12              12aa00bb-000…  10.0.1.12                0  on       ACTIVE
             node-13              13aa00bb-000…  10.0.1.13                0  on       ACTIVE
             node-14              14aa00bb-000…  10.0.1.14                0  on       ACTIVE
             node-15              15aa00bb-000…  10.0.1.15                0  on       ACTIVE
             node-16              16aa00bb-000…  10.0.1.16                0  on       ACTIVE
             30 ports                                              ? help  / filter  q back
            """)
    }

    @Test func portsTable120x40() {
        expectScreen(Scenes.ports(120, 40), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Name▲                                                       ID             Fixed IPs             Pairs  Src/Dst  Status
             数据库主节点                                                6f1c2d3e-8a9…  192.168.10.11             2  off      ACTIVE
             数据库备节点                                                0a1b2c3d-4e5…  192.168.10.12             2  off      ACTIVE
             keepalived-vip                                              9d8c7b6a-5f4…  192.168.10.100            0  on       DOWN
             负载均衡器-外网入口-华北区域-生产环境                       1b2c3d4e-5f6…  10.20.0.5, 10.20.0.6      1  on       ACTIVE
             web-frontend-01                                             2c3d4e5f-6a7…  10.0.0.5                  0  on       BUILD
             node-01                                                     01aa00bb-000…  10.0.1.1                  0  on       ACTIVE
             node-02                                                     02aa00bb-000…  10.0.1.2                  0  on       ACTIVE
             node-03                                                     03aa00bb-000…  10.0.1.3                  0  on       ACTIVE
             node-04                                                     04aa00bb-000…  10.0.1.4                  0  on       ACTIVE
             node-05                                                     05aa00bb-000…  10.0.1.5                  0  on       ACTIVE
             node-06                                                     06aa00bb-000…  10.0.1.6                  0  on       ACTIVE
             node-07                                                     07aa00bb-000…  10.0.1.7                  0  on       ACTIVE
             node-08                                                     08aa00bb-000…  10.0.1.8                  0  on       ACTIVE
             node-09                                                     09aa00bb-000…  10.0.1.9                  0  on       ACTIVE
             node-10                                                     10aa00bb-000…  10.0.1.10                 0  on       ACTIVE
             node-11                                                     11aa00bb-000…  10.0.1.11                 0  on       ACTIVE
             node-12                                                     12aa00bb-000…  10.0.1.12                 0  on       ACTIVE
             node-13                                                     13aa00bb-000…  10.0.1.13                 0  on       ACTIVE
             node-14                                                     14aa00bb-000…  10.0.1.14                 0  on       ACTIVE
             node-15                                                     15aa00bb-000…  10.0.1.15                 0  on       ACTIVE
             node-16                                                     16aa00bb-000…  10.0.1.16                 0  on       ACTIVE
             node-17                                                     17aa00bb-000…  10.0.1.17                 0  on       ACTIVE
             node-18                                                     18aa00bb-000…  10.0.1.18                 0  on       ACTIVE
             node-19                                                     19aa00bb-000…  10.0.1.19                 0  on       ACTIVE
             node-20                                                     20aa00bb-000…  10.0.1.20                 0  on       ACTIVE
             node-21                                                     21aa00bb-000…  10.0.1.21                 0  on       ACTIVE
             node-22                                                     22aa00bb-000…  10.0.1.22                 0  on       ACTIVE
             node-23                                                     23aa00bb-000…  10.0.1.23                 0  on       ACTIVE
             node-24                                                     24aa00bb-000…  10.0.1.24                 0  on       ACTIVE
             node-25                                                     25aa00bb-000…  10.0.1.25                 0  on       ACTIVE







             30 ports                                                                                      ? help  / filter  q back
            """)
    }

    @Test func portsTableScrolledToSelection80x24() {
        expectScreen(Scenes.ports(80, 24, selected: 27, offset: 3), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Name▲                ID             Fixed IPs            Pairs  Src/Dst  Status
             node-03              03aa00bb-000…  10.0.1.3                 0  on       ACTIVE
             node-04              04aa00bb-000…  10.0.1.4                 0  on       ACTIVE
             node-05              05aa00bb-000…  10.0.1.5                 0  on       ACTIVE
             node-06              06aa00bb-000…  10.0.1.6                 0  on       ACTIVE
             node-07              07aa00bb-000…  10.0.1.7                 0  on       ACTIVE
             node-08              08aa00bb-000…  10.0.1.8                 0  on       ACTIVE
             node-09              09aa00bb-000…  10.0.1.9                 0  on       ACTIVE
             node-10              10aa00bb-000…  10.0.1.10                0  on       ACTIVE
             node-11              11aa00bb-000…  10.0.1.11                0  on       ACTIVE
             node-12              12aa00bb-000…  10.0.1.12                0  on       ACTIVE
             node-13              13aa00bb-000…  10.0.1.13                0  on       ACTIVE
             node-14              14aa00bb-000…  10.0.1.14                0  on       ACTIVE
             node-15              15aa00bb-000…  10.0.1.15                0  on       ACTIVE
             node-16              16aa00bb-000…  10.0.1.16                0  on       ACTIVE
             node-17              17aa00bb-000…  10.0.1.17                0  on       ACTIVE
             node-18              18aa00bb-000…  10.0.1.18                0  on       ACTIVE
             node-19              19aa00bb-000…  10.0.1.19                0  on       ACTIVE
             node-20              20aa00bb-000…  10.0.1.20                0  on       ACTIVE
             node-21              21aa00bb-000…  10.0.1.21                0  on       ACTIVE
             node-22              22aa00bb-000…  10.0.1.22                0  on       ACTIVE
             node-23              23aa00bb-000…  10.0.1.23                0  on       ACTIVE
             30 ports                                              ? help  / filter  q back
            """)
    }

    @Test func portsTableScrolledToSelection120x40() {
        expectScreen(Scenes.ports(120, 40, selected: 27, offset: 3), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Name▲                                                       ID             Fixed IPs             Pairs  Src/Dst  Status
             数据库主节点                                                6f1c2d3e-8a9…  192.168.10.11             2  off      ACTIVE
             数据库备节点                                                0a1b2c3d-4e5…  192.168.10.12             2  off      ACTIVE
             keepalived-vip                                              9d8c7b6a-5f4…  192.168.10.100            0  on       DOWN
             负载均衡器-外网入口-华北区域-生产环境                       1b2c3d4e-5f6…  10.20.0.5, 10.20.0.6      1  on       ACTIVE
             web-frontend-01                                             2c3d4e5f-6a7…  10.0.0.5                  0  on       BUILD
             node-01                                                     01aa00bb-000…  10.0.1.1                  0  on       ACTIVE
             node-02                                                     02aa00bb-000…  10.0.1.2                  0  on       ACTIVE
             node-03                                                     03aa00bb-000…  10.0.1.3                  0  on       ACTIVE
             node-04                                                     04aa00bb-000…  10.0.1.4                  0  on       ACTIVE
             node-05                                                     05aa00bb-000…  10.0.1.5                  0  on       ACTIVE
             node-06                                                     06aa00bb-000…  10.0.1.6                  0  on       ACTIVE
             node-07                                                     07aa00bb-000…  10.0.1.7                  0  on       ACTIVE
             node-08                                                     08aa00bb-000…  10.0.1.8                  0  on       ACTIVE
             node-09                                                     09aa00bb-000…  10.0.1.9                  0  on       ACTIVE
             node-10                                                     10aa00bb-000…  10.0.1.10                 0  on       ACTIVE
             node-11                                                     11aa00bb-000…  10.0.1.11                 0  on       ACTIVE
             node-12                                                     12aa00bb-000…  10.0.1.12                 0  on       ACTIVE
             node-13                                                     13aa00bb-000…  10.0.1.13                 0  on       ACTIVE
             node-14                                                     14aa00bb-000…  10.0.1.14                 0  on       ACTIVE
             node-15                                                     15aa00bb-000…  10.0.1.15                 0  on       ACTIVE
             node-16                                                     16aa00bb-000…  10.0.1.16                 0  on       ACTIVE
             node-17                                                     17aa00bb-000…  10.0.1.17                 0  on       ACTIVE
             node-18                                                     18aa00bb-000…  10.0.1.18                 0  on       ACTIVE
             node-19                                                     19aa00bb-000…  10.0.1.19                 0  on       ACTIVE
             node-20                                                     20aa00bb-000…  10.0.1.20                 0  on       ACTIVE
             node-21                                                     21aa00bb-000…  10.0.1.21                 0  on       ACTIVE
             node-22                                                     22aa00bb-000…  10.0.1.22                 0  on       ACTIVE
             node-23                                                     23aa00bb-000…  10.0.1.23                 0  on       ACTIVE
             node-24                                                     24aa00bb-000…  10.0.1.24                 0  on       ACTIVE
             node-25                                                     25aa00bb-000…  10.0.1.25                 0  on       ACTIVE







             30 ports                                                                                      ? help  / filter  q back
            """)
    }

    @Test func detailPaneFields80x24() {
        expectScreen(Scenes.detail(80, 24), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Port 数据库主节点
             Name                   数据库主节点
             ID                     6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f
             Status                 ACTIVE
             Device owner           compute:cn-north-4a
             Fixed IPs              192.168.10.11 (subnet db-subnet 192.168.10.0/24)
                                    192.168.10.21 (subnet db-subnet 192.168.10.0/24)
             Allowed address pairs  192.168.10.100 fa:16:3e:11:22:33, 192.168.10.101
                                    fa:16:3e:11:22:34, 192.168.10.102 fa:16:3e:11:22:35
             Source/dest check      off
             Description            主数据库服务器的网卡，承载虚拟 IP 192.168.10.100，由
                                    keepalived 管理，切换时请先检查备节点状态。










             port 数据库主节点                                             J JSON  Esc back
            """)
    }

    @Test func detailPaneFields120x40() {
        expectScreen(Scenes.detail(120, 40), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Port 数据库主节点
             Name                   数据库主节点
             ID                     6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f
             Status                 ACTIVE
             Device owner           compute:cn-north-4a
             Fixed IPs              192.168.10.11 (subnet db-subnet 192.168.10.0/24)
                                    192.168.10.21 (subnet db-subnet 192.168.10.0/24)
             Allowed address pairs  192.168.10.100 fa:16:3e:11:22:33, 192.168.10.101 fa:16:3e:11:22:34, 192.168.10.102
                                    fa:16:3e:11:22:35
             Source/dest check      off
             Description            主数据库服务器的网卡，承载虚拟 IP 192.168.10.100，由 keepalived
                                    管理，切换时请先检查备节点状态。


























             port 数据库主节点                                                                                     J JSON  Esc back
            """)
    }

    @Test func detailPaneRawJSON80x24() {
        expectScreen(Scenes.detailJSON(80, 24, offset: 2), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Port 数据库主节点 (JSON)                                                3-9/11
                 "id": "6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f",
                 "name": "数据库主节点",
                 "allowed_address_pairs": [
                   {"ip_address": "192.168.10.100", "mac_address": "fa:16:3e:11:22:33"}
                 ],
                 "description": "a long description that certainly does not fit on one line
                   of an 80 column terminal at all"














             port 数据库主节点 · raw JSON
            """)
    }

    @Test func detailPaneRawJSON120x40() {
        expectScreen(Scenes.detailJSON(120, 40, offset: 2), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Port 数据库主节点 (JSON)                                                                                        3-9/10
                 "id": "6f1c2d3e-8a9b-4c5d-9e0f-1a2b3c4d5e6f",
                 "name": "数据库主节点",
                 "allowed_address_pairs": [
                   {"ip_address": "192.168.10.100", "mac_address": "fa:16:3e:11:22:33"}
                 ],
                 "description": "a long description that certainly does not fit on one line of an 80 column terminal at all"
               }






























             port 数据库主节点 · raw JSON
            """)
    }

    @Test func dialogOverTable80x24() {
        expectScreen(Scenes.dialog(80, 24), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Name▲                ID             Fixed IPs            Pairs  Src/Dst  Status
             数据库主节点         6f1c2d3e-8a9…  192.168.10.11            2  off      ACTIVE
             数据库备节点         0a1b2c3d-4e5…  192.168.10.12            2  off      ACTIVE
             keepalived-vip       9d8c7b6a-5f4…  192.168.10.100           0  on       DOWN
             负载均衡器-外网入…   1b2c3d4e-5f6…  10.20.0.5, 10.20.0…      1  on       ACTIVE
             web-frontend-01      2c3d4e5f-6a7…  10.0.0.5                 0  on       BUILD
             node-01┌─ Unbind VIP 192.168.10.100? ─────────────────────────────────┐  ACTIVE
             node-02│                                                              │  ACTIVE
             node-03│  This removes 192.168.10.100 from the allowed address pairs  │  ACTIVE
             node-04│  of 数据库主节点 (port 6f1c2d3e).                            │  ACTIVE
             node-05│                                                              │  ACTIVE
             node-06│  Nothing else changes.                                       │  ACTIVE
             node-07│                                                              │  ACTIVE
             node-08│                    [ Unbind ]  [ Cancel ]                    │  ACTIVE
             node-09└──────────────────────────────────────────────────────────────┘  ACTIVE
             node-10              10aa00bb-000…  10.0.1.10                0  on       ACTIVE
             node-11              11aa00bb-000…  10.0.1.11                0  on       ACTIVE
             node-12              12aa00bb-000…  10.0.1.12                0  on       ACTIVE
             node-13              13aa00bb-000…  10.0.1.13                0  on       ACTIVE
             node-14              14aa00bb-000…  10.0.1.14                0  on       ACTIVE
             node-15              15aa00bb-000…  10.0.1.15                0  on       ACTIVE
             node-16              16aa00bb-000…  10.0.1.16                0  on       ACTIVE
             30 ports                                              ? help  / filter  q back
            """)
    }

    @Test func dialogOverTable120x40() {
        expectScreen(Scenes.dialog(120, 40), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Name▲                                                       ID             Fixed IPs             Pairs  Src/Dst  Status
             数据库主节点                                                6f1c2d3e-8a9…  192.168.10.11             2  off      ACTIVE
             数据库备节点                                                0a1b2c3d-4e5…  192.168.10.12             2  off      ACTIVE
             keepalived-vip                                              9d8c7b6a-5f4…  192.168.10.100            0  on       DOWN
             负载均衡器-外网入口-华北区域-生产环境                       1b2c3d4e-5f6…  10.20.0.5, 10.20.0.6      1  on       ACTIVE
             web-frontend-01                                             2c3d4e5f-6a7…  10.0.0.5                  0  on       BUILD
             node-01                                                     01aa00bb-000…  10.0.1.1                  0  on       ACTIVE
             node-02                                                     02aa00bb-000…  10.0.1.2                  0  on       ACTIVE
             node-03                                                     03aa00bb-000…  10.0.1.3                  0  on       ACTIVE
             node-04                                                     04aa00bb-000…  10.0.1.4                  0  on       ACTIVE
             node-05                                                     05aa00bb-000…  10.0.1.5                  0  on       ACTIVE
             node-06                                                     06aa00bb-000…  10.0.1.6                  0  on       ACTIVE
             node-07                                                     07aa00bb-000…  10.0.1.7                  0  on       ACTIVE
             node-08                                                     08aa00bb-000…  10.0.1.8                  0  on       ACTIVE
             node-09                    ┌─ Unbind VIP 192.168.10.100? ─────────────────────────────────┐          0  on       ACTIVE
             node-10                    │                                                              │          0  on       ACTIVE
             node-11                    │  This removes 192.168.10.100 from the allowed address pairs  │          0  on       ACTIVE
             node-12                    │  of 数据库主节点 (port 6f1c2d3e).                            │          0  on       ACTIVE
             node-13                    │                                                              │          0  on       ACTIVE
             node-14                    │  Nothing else changes.                                       │          0  on       ACTIVE
             node-15                    │                                                              │          0  on       ACTIVE
             node-16                    │                    [ Unbind ]  [ Cancel ]                    │          0  on       ACTIVE
             node-17                    └──────────────────────────────────────────────────────────────┘          0  on       ACTIVE
             node-18                                                     18aa00bb-000…  10.0.1.18                 0  on       ACTIVE
             node-19                                                     19aa00bb-000…  10.0.1.19                 0  on       ACTIVE
             node-20                                                     20aa00bb-000…  10.0.1.20                 0  on       ACTIVE
             node-21                                                     21aa00bb-000…  10.0.1.21                 0  on       ACTIVE
             node-22                                                     22aa00bb-000…  10.0.1.22                 0  on       ACTIVE
             node-23                                                     23aa00bb-000…  10.0.1.23                 0  on       ACTIVE
             node-24                                                     24aa00bb-000…  10.0.1.24                 0  on       ACTIVE
             node-25                                                     25aa00bb-000…  10.0.1.25                 0  on       ACTIVE







             30 ports                                                                                      ? help  / filter  q back
            """)
    }

    @Test func filterTextInput80x24() {
        expectScreen(Scenes.filter(80, 24), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Name                       ID             Fixed IPs      Pairs  Src/Dst  Status
             数据库主节点               6f1c2d3e-8a9…  192.168.10.11      2  off      ACTIVE
             数据库备节点               0a1b2c3d-4e5…  192.168.10.12      2  off      ACTIVE



















            /数据库
            """)
    }

    @Test func filterTextInput120x40() {
        expectScreen(Scenes.filter(120, 40), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Name                                                               ID             Fixed IPs      Pairs  Src/Dst  Status
             数据库主节点                                                       6f1c2d3e-8a9…  192.168.10.11      2  off      ACTIVE
             数据库备节点                                                       0a1b2c3d-4e5…  192.168.10.12      2  off      ACTIVE



































            /数据库
            """)
    }

    @Test func helpOverlay80x24() {
        expectScreen(Scenes.help(80, 24), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Name▲                ID             Fixed IPs            Pairs  Src/Dst  Status
             数据库主节点         6f1c2d3e-8a9…  192.168.10.11            2  off      ACTIVE
             数据库备节点         0a1b2c3d-4e5…  192.168.10.12            2  off      ACTIVE
             keepalived-vip       9d8c7b6a-5f4…  192.168.10.100           0  on       DOWN
             负载均衡器-外网入…   1b2c3d4e-5f6…  10.20.0.5, 10.20.0…      1  on       ACTIVE
             w┌─ Keys ───────────────────────────────────────────────────────────────────┐D
             n│ Ports                                                                    │VE
             n│ Enter      Open the selected port                                        │VE
             n│ b          Bind a VIP to this port  (disabled: read-only mode)           │VE
             n│ s          Sort by the next column                                       │VE
             n│                                                                          │VE
             n│ Global                                                                   │VE
             n│ j, Down    Move down                                                     │VE
             n│ k, Up      Move up                                                       │VE
             n│ r          Reload the …  (disabled: a refresh is already running (start… │VE
             n│ Q, Ctrl-C  Quit vipctl                                                   │VE
             n└───────────────────────────────────────────────────────────── Esc closes ─┘VE
             node-12              12aa00bb-000…  10.0.1.12                0  on       ACTIVE
             node-13              13aa00bb-000…  10.0.1.13                0  on       ACTIVE
             node-14              14aa00bb-000…  10.0.1.14                0  on       ACTIVE
             node-15              15aa00bb-000…  10.0.1.15                0  on       ACTIVE
             node-16              16aa00bb-000…  10.0.1.16                0  on       ACTIVE
             30 ports                                              ? help  / filter  q back
            """)
    }

    @Test func helpOverlay120x40() {
        expectScreen(Scenes.help(120, 40), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Name▲                                                       ID             Fixed IPs             Pairs  Src/Dst  Status
             数据库主节点                                                6f1c2d3e-8a9…  192.168.10.11             2  off      ACTIVE
             数据库备节点                                                0a1b2c3d-4e5…  192.168.10.12             2  off      ACTIVE
             keepalived-vip                                              9d8c7b6a-5f4…  192.168.10.100            0  on       DOWN
             负载均衡器-外网入口-华北区域-生产环境                       1b2c3d4e-5f6…  10.20.0.5, 10.20.0.6      1  on       ACTIVE
             web-frontend-01                                             2c3d4e5f-6a7…  10.0.0.5                  0  on       BUILD
             node-01                                                     01aa00bb-000…  10.0.1.1                  0  on       ACTIVE
             node-02                                                     02aa00bb-000…  10.0.1.2                  0  on       ACTIVE
             node-03                                                     03aa00bb-000…  10.0.1.3                  0  on       ACTIVE
             node-04                                                     04aa00bb-000…  10.0.1.4                  0  on       ACTIVE
             node-05                                                     05aa00bb-000…  10.0.1.5                  0  on       ACTIVE
             node-06                                                     06aa00bb-000…  10.0.1.6                  0  on       ACTIVE
             node-07                                                     07aa00bb-000…  10.0.1.7                  0  on       ACTIVE
             node-0┌─ Keys ────────────────────────────────────────────────────────────────────────────────────────────────┐  ACTIVE
             node-0│ Ports                                                                                                 │  ACTIVE
             node-1│ Enter      Open the selected port                                                                     │  ACTIVE
             node-1│ b          Bind a VIP to this port  (disabled: read-only mode)                                        │  ACTIVE
             node-1│ s          Sort by the next column                                                                    │  ACTIVE
             node-1│                                                                                                       │  ACTIVE
             node-1│ Global                                                                                                │  ACTIVE
             node-1│ j, Down    Move down                                                                                  │  ACTIVE
             node-1│ k, Up      Move up                                                                                    │  ACTIVE
             node-1│ r          Reload the list from the cloud  (disabled: a refresh is already running (started 3 s ago)) │  ACTIVE
             node-1│ Q, Ctrl-C  Quit vipctl                                                                                │  ACTIVE
             node-1└────────────────────────────────────────────────────────────────────────────────────────── Esc closes ─┘  ACTIVE
             node-20                                                     20aa00bb-000…  10.0.1.20                 0  on       ACTIVE
             node-21                                                     21aa00bb-000…  10.0.1.21                 0  on       ACTIVE
             node-22                                                     22aa00bb-000…  10.0.1.22                 0  on       ACTIVE
             node-23                                                     23aa00bb-000…  10.0.1.23                 0  on       ACTIVE
             node-24                                                     24aa00bb-000…  10.0.1.24                 0  on       ACTIVE
             node-25                                                     25aa00bb-000…  10.0.1.25                 0  on       ACTIVE







             30 ports                                                                                      ? help  / filter  q back
            """)
    }

    @Test func errorStatusAndEmptyTable80x24() {
        expectScreen(Scenes.error(80, 24), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                  [READ-ONLY]
             Name                                ID        Fixed IPs  Pairs  Src/Dst  Status
             (no ports)




















             HTTP 409 IpAddressInUse: IP 192.168.10.100 is already allocated (req-4f2a9c1e)
            """)
    }

    @Test func errorStatusAndEmptyTable120x40() {
        expectScreen(Scenes.error(120, 40), """
             vipctl · huawei-cn · cn-north-4 · 生产项目 · admin                                                          [READ-ONLY]
             Name                                                                        ID        Fixed IPs  Pairs  Src/Dst  Status
             (no ports)




































             HTTP 409 IpAddressInUse: IP 192.168.10.100 is already allocated (req-4f2a9c1e)                               e details
            """)
    }

    @Test func tooSmall79x24() {
        var b = CellBuffer(width: 79, height: 24)
        TooSmall.draw(on: &b, hint: "Enlarge the window, or press Q to quit", theme: mono)
        expectScreen(b, """










                                          Terminal too small
                                      79x24, needs at least 80x24
                                Enlarge the window, or press Q to quit











            """)
    }

    @Test func tooSmall40x10() {
        var b = CellBuffer(width: 40, height: 10)
        TooSmall.draw(on: &b, hint: "Enlarge the window, or press Q to quit", theme: mono)
        expectScreen(b, """



                       Terminal too small
                  40x10, needs at least 80x24
             Enlarge the window, or press Q to quit




            """)
    }

}
