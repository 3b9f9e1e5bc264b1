import RelayCore

/// What `pf-status-relay check` tells about one PF.
struct CheckReport: Encodable, Equatable {
    struct Bond: Encodable, Equatable {
        var name: String?
        var kind: String?
        var mode: String?
        var lacpRate: String?
    }

    struct PortState: Encodable, Equatable {
        var value: UInt16
        var flags: [String]
    }

    struct LACP: Encodable, Equatable {
        var up: Bool
        var actor: PortState
        var partner: PortState
    }

    struct VFEntry: Encodable, Equatable {
        var id: UInt32
        var linkState: String
    }

    var interface: String
    var ready: Bool
    var reason: String?
    var operState: String?
    var master: Bond?
    var lacp: LACP?
    var vfs: [VFEntry]

    init(interface: String, observation: PFObservation?, readiness: Readiness) {
        self.interface = interface
        ready = readiness.isReady
        if case let .notReady(why) = readiness { reason = why.description }
        operState = observation?.operState.rawValue
        master = observation?.master.map {
            Bond(name: $0.name, kind: $0.kind, mode: $0.bondMode?.description, lacpRate: $0.lacpRate?.description)
        }
        if let actor = observation?.actorState, let partner = observation?.partnerState {
            lacp = LACP(
                up: isLACPUp(actor: actor, partner: partner),
                actor: PortState(value: actor.rawValue, flags: actor.flagNames),
                partner: PortState(value: partner.rawValue, flags: partner.flagNames)
            )
        }
        vfs = (observation?.vfs ?? []).map { VFEntry(id: $0.id, linkState: $0.linkState?.rawValue ?? "unknown") }
    }

    /// Human-readable lines.
    var text: String {
        var lines: [String] = []
        if ready {
            lines.append("\(interface): ready, lacp \(lacp?.up == true ? "up" : "down")")
        } else {
            lines.append("\(interface): not ready: \(reason ?? "unknown reason")")
        }
        if let operState { lines.append("  state:   \(operState)") }
        if let master {
            var details: [String] = []
            if let kind = master.kind { details.append("kind \(kind)") }
            if let mode = master.mode { details.append("mode \(mode)") }
            if let rate = master.lacpRate { details.append("lacp rate \(rate)") }
            lines.append("  master:  \(master.name ?? "?")" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"))
        } else if operState != nil {
            lines.append("  master:  none")
        }
        if let lacp {
            lines.append("  actor:   \(Self.describe(lacp.actor))")
            lines.append("  partner: \(Self.describe(lacp.partner))")
        }
        if operState != nil {
            if vfs.isEmpty {
                lines.append("  VFs:     none")
            } else {
                lines.append("  VFs:     \(vfs.count)")
                for vf in vfs { lines.append("    vf \(vf.id): \(vf.linkState)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func describe(_ state: PortState) -> String {
        let hex = String(state.value, radix: 16)
        let flags = state.flags.isEmpty ? "none" : state.flags.joined(separator: ",")
        return "0x\(hex.count < 2 ? "0" + hex : hex) \(flags)"
    }
}

extension CheckReport {
    /// The report as `check --json` prints it: the members and names of the
    /// Encodable conformance above (CheckReportJSONTests compares the two, so
    /// a member added to one and not the other fails there).
    var json: PrettyJSON {
        .members([
            "interface": .string(interface),
            "ready": .boolean(ready),
            "reason": reason.map { .string($0) },
            "operState": operState.map { .string($0) },
            "master": master.map { master in
                .members([
                    "name": master.name.map { .string($0) },
                    "kind": master.kind.map { .string($0) },
                    "mode": master.mode.map { .string($0) },
                    "lacpRate": master.lacpRate.map { .string($0) },
                ])
            },
            "lacp": lacp.map { lacp in
                .members(["up": .boolean(lacp.up), "actor": Self.json(lacp.actor), "partner": Self.json(lacp.partner)])
            },
            "vfs": .array(vfs.map { .members(["id": .integer(Int($0.id)), "linkState": .string($0.linkState)]) }),
        ])
    }

    private static func json(_ state: PortState) -> PrettyJSON {
        .members(["value": .integer(Int(state.value)), "flags": .array(state.flags.map { .string($0) })])
    }

    /// What `check --json` prints for all the PFs: one array, then a newline.
    static func jsonText(_ reports: [CheckReport]) -> String {
        PrettyJSON.array(reports.map(\.json)).text + "\n"
    }
}
