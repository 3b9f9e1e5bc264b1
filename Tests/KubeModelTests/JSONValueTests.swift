import Testing
import JSONValues
@testable import KubeModel

@Suite("JSONValue")
struct JSONValueTests {
    @Test("a document survives decode → encode → decode unchanged")
    func roundTrip() throws {
        let text = #"""
            {"apiVersion": "v1", "kind": "ConfigMap",
             "metadata": {"name": "x", "labels": {"app.kubernetes.io/name": "web"}, "generation": 9007199254740993},
             "data": {"quote": "say \"hi\"\n", "unicode": "héllo ✓", "slash": "a/b"},
             "list": [1, -2, 3.5, true, false, null, [], {}, "s"],
             "nested": {"empty": {}, "null": null}}
            """#
        let value = try json(text)
        let again = try json(value.jsonString)
        #expect(again == value)
        // Large integers stay exact (no trip through Double).
        #expect(value[path: ["metadata", "generation"]] == .int(9_007_199_254_740_993))
        // A null member is kept, not dropped.
        #expect(value["nested"].objectValue?["null"] == .null)
        #expect(value["nested"].objectValue?.count == 2)
        #expect(value["list"].arrayValue?.count == 9)
        #expect(value["list"].arrayValue?[2] == .double(3.5))
        #expect(value["list"].arrayValue?[3] == .bool(true))
        #expect(value["data"]["quote"].stringValue == "say \"hi\"\n")
        #expect(value["data"]["unicode"].stringValue == "héllo ✓")
    }

    @Test("encoding is compact with sorted keys and unescaped slashes")
    func canonicalEncoding() throws {
        let value: JSONValue = ["b": [1, "x/y"], "a": ["d": .null, "c": true]]
        #expect(value.jsonString == #"{"a":{"c":true,"d":null},"b":[1,"x/y"]}"#)
        #expect(try json(value.jsonString) == value)
    }

    @Test("numbers, booleans and strings decode to the matching case")
    func scalarCases() throws {
        #expect(try json("1") == .int(1))
        #expect(try json("-7") == .int(-7))
        #expect(try json("2.25") == .double(2.25))
        #expect(try json("true") == .bool(true))
        #expect(try json("null") == .null)
        #expect(try json(#""1""#) == .string("1"))
    }

    @Test("malformed input is an error")
    func malformed() {
        #expect(throws: JSONDecodingError.self) { try json(#"{"a": }"#) }
        #expect(throws: JSONDecodingError.self) { try json("[1, 2") }
    }
}
