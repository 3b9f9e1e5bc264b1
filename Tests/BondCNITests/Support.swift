import BondCNI
import CNI
import JSONValues
import Testing

/// The CNIError `body` throws, nil when it succeeds.
func failure<T>(_ body: () throws(CNIError) -> T) -> CNIError? {
    do throws(CNIError) {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// A valid configuration to vary: the Bond CNI README example.
let baseConfig = #"""
    {"cniVersion":"0.3.1","name":"bond-net1","type":"bond","mode":"active-backup","failOverMac":1,
     "linksInContainer":true,"miimon":"100","mtu":1500,"links":[{"name":"net1"},{"name":"net2"}],
     "ipam":{"type":"host-local","subnet":"10.56.217.0/24","routes":[{"dst":"0.0.0.0/0"}],"gateway":"10.56.217.1"}}
    """#

/// `baseConfig` with the members of the JSON object `changes` set (null removes).
func configJSON(_ changes: String, base: String = baseConfig) throws -> JSONValue {
    var document = try JSONValue.decode(base)
    for (key, value) in try JSONValue.decode(changes).objectValue ?? [:] {
        document[key] = value
    }
    return document
}

func parse(_ changes: String, base: String = baseConfig) throws -> BondNetworkConfig {
    let document = try configJSON(changes, base: base)
    return try BondNetworkConfig(json: document)
}

func parseError(_ changes: String, base: String = baseConfig) throws -> CNIError {
    let document = try configJSON(changes, base: base)
    return try #require(failure { () throws(CNIError) in try BondNetworkConfig(json: document) })
}
