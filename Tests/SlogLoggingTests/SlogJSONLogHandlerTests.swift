import Logging
import Synchronization
import Testing
@testable import SlogLogging

/// Whole lines, byte for byte, as Go's log/slog JSON handler writes them.
@Suite("SlogJSONLogHandler.format")
struct SlogJSONFormatTests {
    /// 2024-04-11T14:42:18.27643209Z
    static let time: Int64 = 1_712_846_538_276_432_090
    static let timeText = "2024-04-11T14:42:18.27643209Z"

    @Test("the upstream example line")
    func upstreamExample() {
        let line = SlogJSONLogHandler.format(
            time: Self.time, level: .info, message: "lacp is up", attributes: ["interface": "ens6f0np0"]
        )
        #expect(line == #"{"time":"2024-04-11T14:42:18.27643209Z","level":"INFO","msg":"lacp is up","interface":"ens6f0np0"}"# + "\n")
        #expect(Array(line.utf8).last == 0x0A)
        #expect(line.utf8.filter { $0 == 0x0A }.count == 1)
    }

    @Test("no attributes: time, level and msg only")
    func noAttributes() {
        let line = SlogJSONLogHandler.format(time: 0, level: .info, message: "Starting application", attributes: [:])
        #expect(line == #"{"time":"1970-01-01T00:00:00Z","level":"INFO","msg":"Starting application"}"# + "\n")
    }

    @Test("vf link state was set: id (a JSON number), state, interface, in upstream's order")
    func vfLinkStateWasSet() {
        let line = SlogJSONLogHandler.format(
            time: Self.time, level: .info, message: "vf link state was set",
            attributes: ["interface": "ens6f0np0", "state": "disable", "id": .stringConvertible(0)]
        )
        #expect(line == #"{"time":"\#(Self.timeText)","level":"INFO","msg":"vf link state was set","id":0,"state":"disable","interface":"ens6f0np0"}"# + "\n")
    }

    @Test("every known key in attributeOrder, then unknown keys sorted after them")
    func keyOrder() {
        let attributes: Logger.Metadata = [
            "zeta": "z", "error": "boom", "alpha": "a", "interfaces": .array(["a"]), "interface": "i",
            "count": .stringConvertible(2), "state": "s", "id": .stringConvertible(3), "Beta": "b",
        ]
        let line = SlogJSONLogHandler.format(time: 0, level: .info, message: "m", attributes: attributes)
        #expect(line == #"{"time":"1970-01-01T00:00:00Z","level":"INFO","msg":"m","id":3,"state":"s","count":2,"interface":"i","interfaces":["a"],"error":"boom","Beta":"b","alpha":"a","zeta":"z"}"# + "\n")
        #expect(SlogJSONLogHandler.orderedKeys(attributes) == ["id", "state", "count", "interface", "interfaces", "error", "Beta", "alpha", "zeta"])
    }

    @Test("unknown keys alone are sorted")
    func unknownKeysSorted() {
        let line = SlogJSONLogHandler.format(time: 0, level: .debug, message: "m", attributes: ["c": "3", "a": "1", "b": "2"])
        #expect(line == #"{"time":"1970-01-01T00:00:00Z","level":"DEBUG","msg":"m","a":"1","b":"2","c":"3"}"# + "\n")
    }

    @Test(
        "level names",
        arguments: [
            (Logger.Level.debug, "DEBUG"), (.info, "INFO"), (.warning, "WARN"), (.error, "ERROR"),
            (.trace, "DEBUG-4"), (.notice, "INFO+2"), (.critical, "ERROR+4"),
        ]
    )
    func levelNames(level: Logger.Level, name: String) {
        #expect(SlogJSONLogHandler.slogLevel(level) == name)
        let line = SlogJSONLogHandler.format(time: 0, level: level, message: "m", attributes: [:])
        #expect(line == #"{"time":"1970-01-01T00:00:00Z","level":"\#(name)","msg":"m"}"# + "\n")
    }

    @Test("the message is escaped like any other string")
    func messageEscaped() {
        let line = SlogJSONLogHandler.format(time: 0, level: .error, message: "say \"hi\"\n", attributes: [:])
        #expect(line == #"{"time":"1970-01-01T00:00:00Z","level":"ERROR","msg":"say \"hi\"\n"}"# + "\n")
    }

    @Test("keys are escaped too")
    func keysEscaped() {
        let line = SlogJSONLogHandler.format(time: 0, level: .info, message: "m", attributes: ["a\"b": "c"])
        #expect(line == #"{"time":"1970-01-01T00:00:00Z","level":"INFO","msg":"m","a\"b":"c"}"# + "\n")
    }

    @Test("arrays of strings")
    func arrays() {
        let line = SlogJSONLogHandler.format(
            time: Self.time, level: .info, message: "interfaces to monitor",
            attributes: ["interfaces": .array([.string("a"), .string("b")])]
        )
        #expect(line == #"{"time":"\#(Self.timeText)","level":"INFO","msg":"interfaces to monitor","interfaces":["a","b"]}"# + "\n")
    }
}

@Suite("JSONText")
struct JSONTextTests {
    static func string(_ value: String) -> String {
        var out = ""
        JSONText.appendString(value, to: &out)
        return out
    }

    static func value(_ value: Logger.Metadata.Value) -> String {
        var out = ""
        JSONText.appendValue(value, to: &out)
        return out
    }

    @Test(
        "string escapes",
        arguments: [
            ("plain", #""plain""#),
            ("", #""""#),
            ("a\"b", #""a\"b""#),
            ("a\\b", #""a\\b""#),
            ("line\nbreak", #""line\nbreak""#),
            ("tab\there", #""tab\there""#),
            ("cr\r", #""cr\r""#),
            ("\u{0}", #""\u0000""#),
            ("\u{1}", #""\u0001""#),
            ("\u{8}", #""\u0008""#),
            ("\u{C}", #""\u000c""#),
            ("\u{1B}[0m", #""\u001b[0m""#),
            ("\u{1F}", #""\u001f""#),
            (" ~\u{7F}", "\" ~\u{7F}\""),  // space, tilde and DEL are written as they are
            ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
            ("<a href=\"x\">&amp;</a>", #""<a href=\"x\">&amp;</a>""#),  // slog does not HTML-escape
            ("café ☕️ 日本", "\"café ☕️ 日本\""),  // non-ASCII passes through as UTF-8
            ("/path/to", #""/path/to""#),  // no escaped solidus
        ]
    )
    func escapes(input: String, expected: String) {
        #expect(Self.string(input) == expected)
    }

    @Test("appends to what is already there")
    func appends() {
        var out = "{"
        JSONText.appendString("x", to: &out)
        #expect(out == #"{"x""#)
    }

    @Test(
        "values",
        arguments: [
            (Logger.Metadata.Value.string("s"), #""s""#),
            (.stringConvertible(0), "0"),
            (.stringConvertible(-42), "-42"),
            (.stringConvertible(UInt32(4_000_000_000)), "4000000000"),
            (.stringConvertible(UInt8(7)), "7"),
            (.stringConvertible(true), "true"),
            (.stringConvertible(false), "false"),
            (.stringConvertible(1.5), #""1.5""#),  // not an integer: written as a string
            (.stringConvertible("quoted \"text\""), #""quoted \"text\"""#),
            (.array([]), "[]"),
            (.array(["a", "b"]), #"["a","b"]"#),
            (.array([.stringConvertible(1), "two", .array(["x"])]), #"[1,"two",["x"]]"#),
            (.dictionary([:]), "{}"),
            (.dictionary(["b": .stringConvertible(2), "a": "x\ny"]), #"{"a":"x\ny","b":2}"#),
        ]
    )
    func values(input: Logger.Metadata.Value, expected: String) {
        #expect(Self.value(input) == expected)
    }
}

/// Collects what the handler writes.
final class LineSink: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func write(_ line: String) { storage.withLock { $0.append(line) } }
}

/// A clock that moves on each time it is read.
final class Ticks: Sendable {
    private let now = Mutex<Int64>(0)

    func advance(by nanoseconds: Int64) -> Int64 { now.withLock { $0 += nanoseconds; return $0 } }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String { "netlink said no" }
}

/// The handler through a real swift-log `Logger`.
@Suite("SlogJSONLogHandler through Logger")
struct SlogJSONLogHandlerEndToEndTests {
    static let time: Int64 = 1_712_846_538_276_432_090
    static let prefix = #"{"time":"2024-04-11T14:42:18.27643209Z","#

    static func makeLogger(
        level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil
    ) -> (Logger, LineSink) {
        let sink = LineSink()
        let logger = Logger(label: "test") { _ in
            SlogJSONLogHandler(
                logLevel: level, metadataProvider: metadataProvider,
                clock: { Self.time }, write: { sink.write($0) }
            )
        }
        return (logger, sink)
    }

    @Test("one write per line, newline included")
    func oneLine() {
        let (logger, sink) = Self.makeLogger()
        logger.info("lacp is up", metadata: ["interface": "ens6f0np0"])
        #expect(sink.lines == [Self.prefix + #""level":"INFO","msg":"lacp is up","interface":"ens6f0np0"}"# + "\n"])
    }

    @Test("handler metadata merges with per-call metadata, in upstream's order")
    func mergedMetadata() {
        var (logger, sink) = Self.makeLogger()
        logger[metadataKey: "interface"] = "ens6f0np0"
        logger.info("vf link state was set", metadata: ["id": .stringConvertible(0), "state": "disable"])
        #expect(sink.lines == [
            Self.prefix + #""level":"INFO","msg":"vf link state was set","id":0,"state":"disable","interface":"ens6f0np0"}"# + "\n",
        ])
    }

    @Test("per-call metadata wins over the handler's for the same key")
    func perCallWins() {
        var (logger, sink) = Self.makeLogger()
        logger[metadataKey: "interface"] = "handler"
        logger[metadataKey: "zone"] = "kept"
        logger.warning("m", metadata: ["interface": "call"])
        #expect(sink.lines == [Self.prefix + #""level":"WARN","msg":"m","interface":"call","zone":"kept"}"# + "\n"])
    }

    @Test("metadata provider sits between handler metadata and per-call metadata")
    func metadataProvider() {
        let provider = Logger.MetadataProvider { ["count": .stringConvertible(3), "state": "provided"] }
        var (logger, sink) = Self.makeLogger(metadataProvider: provider)
        logger[metadataKey: "count"] = "handler"
        logger.info("m", metadata: ["state": "call"])
        #expect(sink.lines == [Self.prefix + #""level":"INFO","msg":"m","state":"call","count":3}"# + "\n"])
    }

    @Test("an error passed to the logger becomes the error attribute unless one is given")
    func errorAttribute() {
        let (logger, sink) = Self.makeLogger()
        logger.error("cannot set vf link state", error: TestFailure(), metadata: ["interface": "ens1f0"])
        logger.error("explicit", error: TestFailure(), metadata: ["error": "given"])
        #expect(sink.lines == [
            Self.prefix + #""level":"ERROR","msg":"cannot set vf link state","interface":"ens1f0","error":"netlink said no"}"# + "\n",
            Self.prefix + #""level":"ERROR","msg":"explicit","error":"given"}"# + "\n",
        ])
    }

    @Test("messages below the handler's level are not written")
    func levelFiltering() {
        let (logger, sink) = Self.makeLogger(level: .warning)
        #expect(logger.logLevel == .warning)
        logger.debug("d")
        logger.info("i")
        logger.warning("w")
        logger.error("e")
        #expect(sink.lines == [
            Self.prefix + #""level":"WARN","msg":"w"}"# + "\n",
            Self.prefix + #""level":"ERROR","msg":"e"}"# + "\n",
        ])
    }

    @Test("changing the logger's level changes what is written")
    func changingLevel() {
        var (logger, sink) = Self.makeLogger(level: .info)
        logger.debug("hidden")
        logger.logLevel = .debug
        logger.debug("shown")
        logger.logLevel = .error
        logger.warning("hidden too")
        #expect(sink.lines == [Self.prefix + #""level":"DEBUG","msg":"shown"}"# + "\n"])
    }

    @Test("a copy of a logger keeps its own metadata (value semantics)")
    func valueSemantics() {
        var (logger, sink) = Self.makeLogger()
        var copy = logger
        copy[metadataKey: "interface"] = "copy"
        logger[metadataKey: "interface"] = "original"
        copy.info("a")
        logger.info("b")
        #expect(sink.lines == [
            Self.prefix + #""level":"INFO","msg":"a","interface":"copy"}"# + "\n",
            Self.prefix + #""level":"INFO","msg":"b","interface":"original"}"# + "\n",
        ])
    }

    @Test("the clock is read for each line")
    func clockPerLine() {
        let ticks = Ticks()
        let sink = LineSink()
        let logger = Logger(label: "test") { _ in
            SlogJSONLogHandler(
                clock: { ticks.advance(by: 500_000_000) },
                write: { sink.write($0) }
            )
        }
        logger.info("one")
        logger.info("two")
        #expect(sink.lines == [
            #"{"time":"1970-01-01T00:00:00.5Z","level":"INFO","msg":"one"}"# + "\n",
            #"{"time":"1970-01-01T00:00:01Z","level":"INFO","msg":"two"}"# + "\n",
        ])
    }
}
