import Foundation
import RelayCore
import Testing
@testable import RelayDaemon

/// `check --json` is written by PrettyJSON, not JSONEncoder (the daemon links
/// no Foundation). These tests hold it to what JSONEncoder makes of the same
/// Encodable reports, and pin the exact text of one.
@Suite("CheckReport JSON")
struct CheckReportJSONTests {
    /// The reports of CheckReportTests, and names that need escaping.
    static let reports: [(name: String, report: CheckReport)] = {
        let bond = MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .fast)
        func report(_ interface: String, _ observation: PFObservation?) -> CheckReport {
            CheckReport(interface: interface, observation: observation, readiness: Readiness(of: observation))
        }
        return [
            ("ready, LACP up, VFs", report("ens1f0", PFObservation(
                name: "ens1f0", index: 7, operState: .up, master: bond, slaveKind: "bond",
                actorState: LACPPortState(rawValue: 0x3F), partnerState: LACPPortState(rawValue: 0x3D),
                vfs: [VF(id: 0, linkState: .auto), VF(id: 1, linkState: .enable), VF(id: 2, linkState: nil)]
            ))),
            ("ready, LACP down, one VF", Self.readyAndDown),
            ("ready, LACP up, no VFs", report("ens1f0", PFObservation(
                name: "ens1f0", index: 7, operState: .up, master: bond, slaveKind: "bond",
                actorState: LACPPortState(rawValue: 0x3F), partnerState: LACPPortState(rawValue: 0xFF)
            ))),
            ("not ready: active-backup", report("ens1f0", PFObservation(
                name: "ens1f0", index: 7, operState: .up,
                master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .activeBackup),
                slaveKind: "bond", vfs: [VF(id: 0, linkState: .auto)]
            ))),
            ("not ready: down, no master", report("ens2f0", PFObservation(name: "ens2f0", index: 3, operState: .down))),
            ("not ready: master vanished (an empty object)", report("ens1f0", PFObservation(
                name: "ens1f0", index: 7, operState: .up, master: MasterObservation(index: 12, name: nil, kind: nil)
            ))),
            ("missing", report("ens9f9", nil)),
            ("unreadable", CheckReport(
                interface: "ens1f0", observation: nil,
                readiness: .notReady(.unreadable("get link ens1f0: operation not permitted (EPERM)"))
            )),
            ("a quote, a backslash, control characters, a slash and non-ASCII", CheckReport(
                interface: #"we"ird\na/me"#, observation: nil,
                readiness: .notReady(.unreadable("tab\there, line\nbreak, \r\u{8}\u{C}\u{0}\u{1F}\u{7F} \"é\" ✓ \u{2028}"))
            )),
        ]
    }()

    static let readyAndDown = CheckReport(
        interface: "ens1f1",
        observation: PFObservation(
            name: "ens1f1", index: 8, operState: .up,
            master: MasterObservation(index: 9, name: "bond0", kind: "bond", bondMode: .ieee8023AD, lacpRate: .slow),
            slaveKind: "bond",
            actorState: LACPPortState(rawValue: 0x07), partnerState: LACPPortState(rawValue: 0x00),
            vfs: [VF(id: 4, linkState: .disable)]
        ),
        readiness: .ready
    )

    /// A JSON text decoded by JSONSerialization, then written again with
    /// sorted keys: two texts are the same document when these are equal
    /// (booleans stay booleans and numbers numbers through the round trip).
    static func decoded(_ text: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: text)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func encoded(_ reports: [CheckReport]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(reports)
    }

    @Test("each report: PrettyJSON decodes to what JSONEncoder's output decodes to")
    func sameAsJSONEncoder() throws {
        for (name, report) in Self.reports {
            let written = CheckReport.jsonText([report])
            #expect(written.hasSuffix("}\n]\n"), "\(name)")
            #expect(try Self.decoded(Data(written.utf8)) == Self.decoded(Self.encoded([report])), "\(name)")
        }
    }

    @Test("all the reports in one array, as `check --json` prints several PFs")
    func allTogether() throws {
        let reports = Self.reports.map(\.report)
        #expect(try Self.decoded(Data(CheckReport.jsonText(reports).utf8)) == Self.decoded(Self.encoded(reports)))
        #expect(CheckReport.jsonText([]) == "[]\n")
    }

    @Test("the decoded strings are exactly the originals, escapes included")
    func stringsRoundTrip() throws {
        let report = Self.reports.last!.report
        let decoded = try JSONSerialization.jsonObject(with: Data(CheckReport.jsonText([report]).utf8)) as? [[String: Any]]
        #expect(decoded?.first?["interface"] as? String == report.interface)
        #expect(decoded?.first?["reason"] as? String == report.reason)
    }

    @Test("the exact text: two-space indentation, sorted keys, one line for an empty array")
    func pinnedText() {
        #expect(CheckReport.jsonText([Self.readyAndDown]) == """
            [
              {
                "interface": "ens1f1",
                "lacp": {
                  "actor": {
                    "flags": [
                      "activity",
                      "timeout",
                      "aggregation"
                    ],
                    "value": 7
                  },
                  "partner": {
                    "flags": [],
                    "value": 0
                  },
                  "up": false
                },
                "master": {
                  "kind": "bond",
                  "lacpRate": "slow",
                  "mode": "802.3ad",
                  "name": "bond0"
                },
                "operState": "up",
                "ready": true,
                "vfs": [
                  {
                    "id": 4,
                    "linkState": "disable"
                  }
                ]
              }
            ]

            """)
    }

    @Test("escapes: quote, backslash, short forms, \\u00XX for other control characters")
    func escapes() {
        #expect(PrettyJSON.string("a\"b\\c/d").text == #""a\"b\\c/d""#)
        #expect(PrettyJSON.string("\n\r\t\u{8}\u{C}").text == #""\n\r\t\b\f""#)
        #expect(PrettyJSON.string("\u{0}\u{1}\u{1F}\u{7F}é").text == "\"\\u0000\\u0001\\u001f\u{7F}é\"")
        #expect(PrettyJSON.members(["b": .integer(-1), "a": .boolean(false), "c": nil]).text == "{\n  \"a\": false,\n  \"b\": -1\n}")
        #expect(PrettyJSON.object([:]).text == "{}")
        #expect(PrettyJSON.array([]).text == "[]")
    }
}
