import Foundation

/// Nova v2.1 over a `CloudSession`. Where the cloud has no compute endpoint (a Neutron-only
/// deployment), a server's NICs come from Neutron `ports?device_id=` instead.
public struct NovaAPI: Sendable {
    public let session: CloudSession
    public var pageSize: Int

    public init(session: CloudSession, pageSize: Int = 1000) {
        self.session = session
        self.pageSize = pageSize
    }

    /// Pages of `/servers/detail`, newest first, following `servers_links` by marker.
    public func serverPages() -> AsyncThrowingStream<[Server], any Error> {
        Paging.pages(session: session, service: .compute, path: "/servers/detail", collection: "servers", of: Server.self, filters: [], limit: pageSize)
    }

    public func servers() async throws(CloudError) -> [Server] {
        var out: [Server] = []
        do {
            for try await page in serverPages() { out += page }
        } catch {
            throw CloudSession.asCloudError(error)
        }
        return out
    }

    public func server(_ id: String) async throws(CloudError) -> Server {
        let r = try await session.request(.compute, "GET", "/servers/" + NeutronAPI.pathEscape(id))
        struct B: Decodable { let server: Server }
        return try NeutronAPI.decode(B.self, r, url: "/servers/{id}").server
    }

    /// The server's NICs: `os-interface` when there is a compute service, else the Neutron
    /// ports whose `device_id` is the server.
    public func interfaces(serverID: String) async throws(CloudError) -> [InterfaceAttachment] {
        struct B: Decodable {
            let interfaceAttachments: [InterfaceAttachment]
        }
        if try await session.hasEndpoint(.compute) {
            do {
                let r = try await session.request(.compute, "GET", "/servers/" + NeutronAPI.pathEscape(serverID) + "/os-interface")
                return try NeutronAPI.decode(B.self, r, url: "/servers/{id}/os-interface").interfaceAttachments
            } catch {
                // Huawei ECS with AK/SK: where the Nova-style path is gone (404), the ECS v1 one
                // (`/v1/{project_id}/cloudservers/{id}/os-interface`, the same attachments).
                guard error.status == 404, session.config.auth.accessKey != nil, let project = session.config.project?.id else { throw error }
                let base = try await session.endpoint(.compute)
                let root = base.range(of: "/v2.1").map { String(base[..<$0.lowerBound]) } ?? base
                let url = root + "/v1/" + NeutronAPI.pathEscape(project) + "/cloudservers/" + NeutronAPI.pathEscape(serverID) + "/os-interface"
                let r = try await session.request(.compute, "GET", url)
                return try NeutronAPI.decode(B.self, r, url: "/v1/{project_id}/cloudservers/{id}/os-interface").interfaceAttachments
            }
        }
        let ports = try await NeutronAPI(session: session).ports(filters: [("device_id", serverID)])
        return ports.map {
            InterfaceAttachment(portID: $0.id, netID: $0.networkID, macAddr: $0.macAddress, portState: $0.status, fixedIPs: $0.fixedIPs)
        }
    }
}
