// libFuzzer target for the bond plugin's pure input parsing (modules CNI and
// BondCNI): the network configuration the runtime writes to stdin, the CNI
// results IPAM plugins print (and runtimes pass back as prevResult), IP
// addresses, and the CNI_* environment.
//
// Built and run by scripts/fuzz.sh, not by SwiftPM:
//   swiftc -sanitize=fuzzer,address ... -module-name FuzzCNIConfig -parse-as-library
//
// Every input goes through all the checks below (no mode byte: a network
// configuration, a result and an address are all plain text).
//
// Every property is checked with `check`, which calls fatalError when it
// fails, so libFuzzer records the input as a crash. Thrown CNIErrors are
// fine; only traps, memory errors and broken properties are findings.
//
// Properties:
//  1. `BondNetworkConfig(decoding:)` never traps; a failure has code 1, 6 or 7
//     and a message. An accepted configuration satisfies every validation
//     rule (at least two distinct valid links, MTU range, mode-dependent
//     members only in their modes, the MII and ARP monitors exclusive, delays
//     multiples of miimon, ...), and parsing the re-encoded document gives the
//     same configuration (apart from `raw`, whose numbers may change form).
//  2. `CNIResult(decoding:)` of the decoded JSON never traps; a failure has
//     code 1 or 6. An accepted result, encoded for each supported version
//     (as a value and as bytes), decodes back equal to the original without
//     the members that version lacks (1.1.0's interface mtu/socketPath/pciID
//     and route mtu/advmss/priority/table/scope); the encoding has
//     "cniVersion" and, in ips, "version" exactly below 1.0.0. The same holds
//     for the "prevResult" member of the document.
//  3. `IPAddress` and `IPPrefix` of the input text (whole, and each line):
//     the description parses back to the same value and is a fixpoint.
//  4. `CNIEnvironment` of the input read as KEY=VALUE lines never traps; a
//     failure is code 4; an accepted ADD/CHECK/DEL environment has a valid
//     CNI_IFNAME and a container ID.

import BondCNI
import CNI
import JSONValues
import LinkConstants

func fuzzOne(_ bytes: [UInt8]) {
    checkNetworkConfig(bytes)
    if let value = try? JSONValue.decode(bytes) {
        checkResult(value)
        if case .object(let members) = value, let previous = members["prevResult"] {
            checkResult(previous)
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    checkAddresses(text)
    for line in text.split(separator: "\n") { checkAddresses(String(line)) }
    checkEnvironment(text)
}

// MARK: - 1. The network configuration

func checkNetworkConfig(_ bytes: [UInt8]) {
    let config: BondNetworkConfig
    do throws(CNIError) {
        config = try BondNetworkConfig(decoding: bytes)
    } catch {
        check([1, 6, 7].contains(error.code), "configuration error with code \(error.code): \(error.message)")
        check(!error.message.isEmpty, "configuration error without a message")
        return
    }
    checkInvariants(config)

    let again: BondNetworkConfig
    do throws(CNIError) {
        again = try BondNetworkConfig(decoding: Array(config.raw.encoded()))
    } catch {
        fatalError("fuzz property violated: the re-encoded configuration fails: \(error)")
    }
    var left = config
    var right = again
    left.raw = .null
    right.raw = .null
    check(left == right, "re-encoded configuration differs: \(config) vs \(again)")
}

func checkInvariants(_ config: BondNetworkConfig) {
    check((try? CNIVersion(config.cniVersion)) != nil, "accepted cniVersion \(config.cniVersion)")
    check(config.type == "bond", "accepted type \(config.type)")
    check(!config.name.isEmpty, "accepted an empty name")
    check(config.links.count >= 2, "accepted \(config.links.count) links")
    check(Set(config.links).count == config.links.count, "accepted duplicate links \(config.links)")
    check(config.links.allSatisfy(InterfaceName.isValid), "accepted an invalid link name in \(config.links)")
    check((68...65535).contains(config.mtu), "accepted mtu \(config.mtu)")
    check(config.failOverMac <= 2, "accepted failOverMac \(config.failOverMac)")
    check((config.allSlavesActive ?? 0) <= 1 && (config.tlbDynamicLb ?? 0) <= 1, "accepted a switch above 1")
    check(config.ipamType != "bond" && config.ipamType != "", "accepted ipam type \(String(describing: config.ipamType))")

    let mode = config.mode
    if config.xmitHashPolicy != nil {
        check([.balanceXOR, .ieee8023AD, .balanceTLB, .balanceALB].contains(mode), "xmitHashPolicy in \(mode)")
    }
    if config.tlbDynamicLb != nil { check([.balanceTLB, .balanceALB].contains(mode), "tlbDynamicLb in \(mode)") }
    if config.lacpRate != nil { check(mode == .ieee8023AD, "lacpRate in \(mode)") }
    if let primary = config.primary {
        check([.activeBackup, .balanceTLB, .balanceALB].contains(mode), "primary in \(mode)")
        check(config.links.contains(primary), "primary \(primary) not a link")
    }

    if (config.arpInterval ?? 0) > 0 {
        check(config.miimon == 0, "ARP and MII monitoring both on")
        check((1...16).contains(config.arpIPTargets.count), "\(config.arpIPTargets.count) ARP targets")
        check(![BondMode.ieee8023AD, .balanceTLB, .balanceALB].contains(mode), "ARP monitoring in \(mode)")
    } else {
        check(config.arpIPTargets.isEmpty, "ARP targets without ARP monitoring")
    }
    check(config.arpIPTargets.allSatisfy { $0.isV4 && $0.bytes.count == 4 }, "non-IPv4 ARP target")
    check(Set(config.arpIPTargets).count == config.arpIPTargets.count, "duplicate ARP targets")
    for delay in [config.updelay, config.downdelay] {
        if let delay, delay > 0 {
            check(config.miimon > 0 && delay % config.miimon == 0, "delay \(delay) with miimon \(config.miimon)")
        }
    }
}

// MARK: - 2. Results

func checkResult(_ value: JSONValue) {
    let result: CNIResult
    do throws(CNIError) {
        result = try CNIResult(decoding: value)
    } catch {
        check(error.code == 1 || error.code == 6, "result error with code \(error.code): \(error.message)")
        check(!error.message.isEmpty, "result error without a message")
        return
    }
    for version in CNIVersion.supported {
        let encoded = result.json(cniVersion: version)
        check(encoded["cniVersion"] == .string(version), "encoding for \(version) has cniVersion \(encoded["cniVersion"])")
        let legacy = version.hasPrefix("0.")
        for ip in encoded["ips"].arrayValue ?? [] {
            check((ip["version"] != .null) == legacy, "ips version key for \(version): \(ip)")
        }
        let expected = version == "0.1.0" || version == "0.2.0"
            ? asPre030(result) : withoutNewerMembers(result, for: version)
        let fromValue: CNIResult
        let fromBytes: CNIResult
        do throws(CNIError) {
            fromValue = try CNIResult(decoding: encoded)
            guard let reread = try? JSONValue.decode(encoded.encoded()) else {
                fatalError("fuzz property violated: the \(version) encoding does not decode as JSON: \(encoded)")
            }
            fromBytes = try CNIResult(decoding: reread)
        } catch {
            fatalError("fuzz property violated: the \(version) encoding \(encoded) does not decode: \(error)")
        }
        check(fromValue == expected, "\(version) round trip: \(fromValue) vs \(expected)")
        check(fromBytes == expected, "\(version) round trip through bytes: \(fromBytes) vs \(expected)")
    }
}

/// The result as 0.1.0 and 0.2.0 carry it: no interfaces, the first address
/// of each family (without its interface index), the routes of a family that
/// has an address, without 1.1.0's members.
func asPre030(_ result: CNIResult) -> CNIResult {
    let trimmed = withoutNewerMembers(result, for: "0.2.0")
    var out = CNIResult(dns: trimmed.dns)
    for wantsV4 in [true, false] {
        guard let ip = trimmed.ips.first(where: { $0.address.address.isV4 == wantsV4 }) else { continue }
        out.ips.append(CNIResult.IPConfig(address: ip.address, gateway: ip.gateway))
        out.routes += trimmed.routes.filter { $0.destination.address.isV4 == wantsV4 }
    }
    return out
}

/// The result as a version without 1.1.0's members sees it.
func withoutNewerMembers(_ result: CNIResult, for version: String) -> CNIResult {
    guard version != "1.1.0" else { return result }
    var out = result
    for index in out.interfaces.indices {
        out.interfaces[index].mtu = nil
        out.interfaces[index].socketPath = nil
        out.interfaces[index].pciID = nil
    }
    for index in out.routes.indices {
        out.routes[index].mtu = nil
        out.routes[index].advmss = nil
        out.routes[index].priority = nil
        out.routes[index].table = nil
        out.routes[index].scope = nil
    }
    return out
}

// MARK: - 3. Addresses

func checkAddresses(_ text: String) {
    if let address = IPAddress(text) {
        let description = address.description
        check(address.bytes.count == (address.isV4 ? 4 : 16), "\(text.debugDescription) gave \(address.bytes.count) bytes")
        check(IPAddress(description) == address, "\(text.debugDescription) printed as \(description) reads back differently")
        check(IPAddress(description)?.description == description, "description of \(description) is not a fixpoint")
    }
    if let prefix = IPPrefix(text) {
        let description = prefix.description
        check(prefix.length <= prefix.address.bitCount, "\(text.debugDescription) gave length \(prefix.length)")
        check(IPPrefix(description) == prefix, "\(text.debugDescription) printed as \(description) reads back differently")
        let network = prefix.network
        check(network.network == network && network.length == prefix.length, "network of \(description) is \(network)")
    }
}

// MARK: - 4. Environment

func checkEnvironment(_ text: String) {
    var environment: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    guard !environment.isEmpty else { return }
    let parsed: CNIEnvironment
    do throws(CNIError) {
        parsed = try CNIEnvironment(environment)
    } catch {
        check(error.code == 4, "environment error with code \(error.code): \(error.message)")
        return
    }
    switch parsed.command {
    case .add, .check, .del:
        check(parsed.ifname.map(InterfaceName.isValid) ?? false, "accepted CNI_IFNAME \(String(describing: parsed.ifname))")
        check(!(parsed.containerID ?? "").isEmpty, "accepted an empty container ID")
        if parsed.command != .del { check(parsed.netns != nil, "ADD/CHECK without CNI_NETNS") }
    case .version, .status, .gc:
        check(parsed.ifname == nil && parsed.args.isEmpty, "per-container values for \(parsed.command)")
    }
    check(!parsed.paths.contains(""), "empty CNI_PATH entry")
}
