import Testing
import JSONValues
@testable import KubePatch

@Suite("JSON merge patch (RFC 7386)")
struct MergePatchTests {
    /// RFC 7386 appendix A: original, patch, result.
    @Test(
        "appendix A examples",
        arguments: [
            (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
            (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
            (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
            (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
            (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
            (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
            (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
            (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
            (#"{"a":"foo"}"#, "null", "null"),
            (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
            (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
            (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
            (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
        ])
    func appendixA(original: String, patch: String, result: String) throws {
        #expect(try json(original).applyingMergePatch(json(patch)) == json(result))
    }

    @Test("section 3 example")
    func section3() throws {
        let target = try json(
            #"""
            {"title": "Goodbye!",
             "author": {"givenName": "John", "familyName": "Doe"},
             "tags": ["example", "sample"],
             "content": "This will be unchanged"}
            """#)
        let patch = try json(
            #"""
            {"title": "Hello!", "phoneNumber": "+01-123-456-7890",
             "author": {"familyName": null}, "tags": ["example"]}
            """#)
        let expected = try json(
            #"""
            {"title": "Hello!",
             "author": {"givenName": "John"},
             "tags": ["example"],
             "content": "This will be unchanged",
             "phoneNumber": "+01-123-456-7890"}
            """#)
        #expect(target.applyingMergePatch(patch) == expected)
    }

    @Test("nulls inside arrays are values, not deletions")
    func nullsInArrays() throws {
        #expect(try json(#"{"a":1}"#).applyingMergePatch(json(#"{"a":[null,{"b":null}]}"#)) == json(#"{"a":[null,{"b":null}]}"#))
    }

    @Test("creating a patch: only changes, null for removals, nested objects diffed")
    func createPatch() throws {
        let original = try json(
            #"{"metadata":{"name":"x","labels":{"a":"1","b":"2"}},"spec":{"replicas":1,"ports":[80]},"gone":true}"#)
        let modified = try json(
            #"{"metadata":{"name":"x","labels":{"a":"1","c":"3"}},"spec":{"replicas":2,"ports":[80,443]}}"#)
        let patch = JSONValue.mergePatch(from: original, to: modified)
        #expect(patch == (try json(
            #"{"metadata":{"labels":{"b":null,"c":"3"}},"spec":{"replicas":2,"ports":[80,443]},"gone":null}"#)))
        #expect(original.applyingMergePatch(patch) == modified)
        #expect(JSONValue.mergePatch(from: original, to: original) == .emptyObject)
    }

    @Test(
        "a created patch turns the original into the modified document",
        arguments: [
            (#"{"a":1}"#, #"{"a":1}"#),
            (#"{"a":{"b":{"c":1}}}"#, #"{"a":{"b":{"d":2}}}"#),
            (#"{"a":{"b":1}}"#, #"{"a":"scalar"}"#),
            (#"{"a":"scalar"}"#, #"{"a":{"b":1}}"#),
            (#"[1,2]"#, #"{"a":1}"#),
            (#"{"a":1}"#, #"[1]"#),
            (#""x""#, #""y""#),
            (#"{"a":[{"b":1}]}"#, #"{"a":[{"b":2}]}"#),
            (#"{"a":1,"b":2}"#, #"{}"#),
        ])
    func createdPatchApplies(original: String, modified: String) throws {
        let from = try json(original)
        let to = try json(modified)
        #expect(from.applyingMergePatch(JSONValue.mergePatch(from: from, to: to)) == to)
    }
}
