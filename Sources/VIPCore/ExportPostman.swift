import CloudAPI
import Foundation

// A Postman collection (format v2.1): the vendor procedure's requests in its order (token,
// create the VIP port, update the VIP's pairs, get the servers' interfaces, update the NICs'
// pairs), with the plan's exact bodies. The token is `{{token}}`, set by the first request's
// test script from X-Subject-Token; the password is `{{password}}`, a variable left empty.
extension Export {
    public static let postmanSchema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

    static func postman(_ plan: Plan, _ steps: [ExportStep], _ context: ExportContext) -> String {
        let port: (Int) -> String = { "{{vip_port_\($0)}}" }
        let address: (Int) -> String = { "{{vip_address_\($0)}}" }
        var items: [[String: Any]] = []
        let tokenBody = """
            {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"{{username}}","domain":{"name":"{{user_domain}}"},\
            "password":"{{password}}"}}},"scope":{"project":{"id":"{{project_id}}"}}}}
            """
        items.append(item(name: "1 get a token", method: "POST", base: "{{keystone_url}}", path: "/v3/auth/tokens", body: tokenBody,
                          headers: [], test: ["pm.collectionVariables.set(\"token\", pm.response.headers.get(\"X-Subject-Token\"));"]))
        var serversShown = false
        let auth = [["key": "X-Auth-Token", "value": "{{token}}"]]
        for e in ordered(steps) {
            if case .update = e.kind, !e.isVIP, !serversShown {
                serversShown = true
                for server in nicServers(steps, context) {
                    items.append(item(name: "\(items.count + 1) get the interfaces of server \(server)", method: "GET",
                                      base: "{{nova_url}}", path: "/servers/\(server)/os-interface", body: nil, headers: auth, test: []))
                }
            }
            var headers = auth
            if let rev = e.step.ifRevision { headers.append(["key": "If-Match", "value": "revision_number=\(rev)"]) }
            var test: [String] = []
            if case .create = e.kind {
                test = ["var p = pm.response.json().port;",
                        "pm.collectionVariables.set(\"vip_port_\(e.step.id)\", p.id);",
                        "pm.collectionVariables.set(\"vip_address_\(e.step.id)\", p.fixed_ips[0].ip_address);"]
            }
            items.append(item(name: "\(items.count + 1) step \(e.step.id): \(Inert.field(e.step.summary))", method: e.step.method,
                              base: "{{neutron_url}}", path: substituted(e.step.path, plan, port: port, address: address),
                              body: e.step.body.map { substituted($0, plan, port: port, address: address) }, headers: headers, test: test))
        }
        var description = "vipctl plan: \(Inert.field(context.title))\n\(PlanPresenter.strategyLine(plan.strategy))"
        for w in plan.warnings { description += "\nwarning: \(Inert.field(w))" }
        if plan.steps.isEmpty { description += "\nnothing to do: \(plan.nothingToDo ?? "the cloud already holds this")" }
        var variables = ["keystone_url", "neutron_url", "nova_url", "username", "user_domain", "password", "project_id", "token"]
        for s in plan.steps where s.operation == .create { variables += ["vip_port_\(s.id)", "vip_address_\(s.id)"] }
        let collection: [String: Any] = [
            "info": ["name": "vipctl: \(Inert.field(context.title))", "description": description, "schema": postmanSchema],
            "variable": variables.map { ["key": $0, "value": ""] },
            "item": items,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: collection, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
              let text = String(data: data, encoding: .utf8)
        else { return "{}\n" }
        return text + "\n"
    }

    static func item(name: String, method: String, base: String, path: String, body: String?, headers: [[String: String]],
                     test: [String]) -> [String: Any]
    {
        var headers = headers
        if body != nil { headers.append(["key": "Content-Type", "value": "application/json"]) }
        var request: [String: Any] = [
            "method": method,
            "header": headers,
            "url": ["raw": base + path, "host": [base], "path": path.split(separator: "/").map(String.init)],
        ]
        if let body { request["body"] = ["mode": "raw", "raw": body, "options": ["raw": ["language": "json"]]] }
        var out: [String: Any] = ["name": name, "request": request]
        if !test.isEmpty { out["event"] = [["listen": "test", "script": ["type": "text/javascript", "exec": test]]] }
        return out
    }
}
