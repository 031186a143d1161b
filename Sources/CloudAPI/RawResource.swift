import Foundation

extension CloudSession {
    /// One resource as the cloud sends it, pretty-printed with sorted keys, one entry per
    /// line: a detail view's raw JSON, fetched when the user asks for it (no listing keeps
    /// the bodies it decoded). Fields vipctl does not model are in it.
    ///
    /// - Parameters:
    ///   - collection: `networks`, `subnets`, `ports` (network service) or `servers` (compute).
    public func resourceJSONLines(_ service: Service, collection: String, id: String) async throws(CloudError) -> [String] {
        let r = try await request(service, "GET", "/" + collection + "/" + NeutronAPI.pathEscape(id))
        do {
            let object = try JSONSerialization.jsonObject(with: Data(r.body))
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        } catch {
            throw .undecodable(UndecodableBody.describing(r, url: "/" + collection + "/{id}", error: error))
        }
    }
}
