import BondCNI
import JSONValues

/// The typical network: an active-backup bond over two VFs already in the
/// container (as the SR-IOV device plugin leaves them), with host-local IPAM.
let typicalConfig = #"""
    {"cniVersion":"1.0.0","name":"bond-net1","type":"bond","mode":"active-backup","failOverMac":1,
     "linksInContainer":true,"miimon":"100","mtu":1500,"links":[{"name":"net1"},{"name":"net2"}],
     "ipam":{"type":"host-local","subnet":"10.56.217.0/24"}}
    """#

/// `typicalConfig` with the members of the JSON object `changes` set (null removes).
func config(_ changes: String = "{}") throws -> String {
    var document = try JSONValue.decode(typicalConfig)
    for (key, value) in try JSONValue.decode(changes).objectValue ?? [:] {
        document[key] = value
    }
    return String(decoding: document.encoded(), as: UTF8.self)
}

func parsed(_ changes: String = "{}") throws -> BondNetworkConfig {
    try BondNetworkConfig(decoding: Array(config(changes).utf8))
}

/// The two VFs of the typical network, up, where `place` says.
func typicalLinks(in place: Place = .container) -> [SimulatedLink] {
    [SimulatedLink(index: 3, name: "net1", place: place), SimulatedLink(index: 4, name: "net2", place: place)]
}
