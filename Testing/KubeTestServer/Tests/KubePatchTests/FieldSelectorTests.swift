import Testing
import KubeModel
@testable import KubePatch

@Suite("Field selector")
struct FieldSelectorTests {
    @Test(
        "valid selectors parse to their canonical string",
        arguments: [
            ("", ""),
            ("metadata.name=foo", "metadata.name=foo"),
            ("metadata.name==foo", "metadata.name=foo"),
            ("status.phase!=Running", "status.phase!=Running"),
            ("status.phase!=Running,metadata.name=foo", "metadata.name=foo,status.phase!=Running"),
            (" spec.nodeName = node-1 , metadata.namespace==default ", "metadata.namespace=default,spec.nodeName=node-1"),
            ("spec.nodeName=", "spec.nodeName="),
            (#"metadata.name=a\,b\=c\\d"#, #"metadata.name=a\,b\=c\\d"#),
            ("a=1,,b=2", "a=1,b=2"),
        ])
    func parses(input: String, canonical: String) throws {
        let selector = try FieldSelector(parsing: input)
        #expect(selector.description == canonical)
        #expect(try FieldSelector(parsing: selector.description) == selector)
    }

    @Test("requirements and field names are exposed for the server's checks")
    func requirements() throws {
        let selector = try FieldSelector(parsing: "status.phase!=Failed,metadata.name=web,status.phase!=Succeeded")
        #expect(selector.fieldNames == ["metadata.name", "status.phase"])
        #expect(selector.requirements.count == 3)
        #expect(selector.requirements[0] == FieldSelector.Requirement(field: "metadata.name", op: .equals, value: "web"))
        #expect(selector.requirements[1].op == .notEquals)
        #expect(selector.requirements[1].value == "Failed")
        #expect(selector.requiredValue(for: "metadata.name") == "web")
        #expect(selector.requiredValue(for: "status.phase") == nil)
        #expect(!selector.matchesEverything)
        #expect(try FieldSelector(parsing: "").matchesEverything)
        #expect(FieldSelector.everything.fieldNames.isEmpty)
    }

    @Test("escaped characters are part of the value")
    func escapes() throws {
        let selector = try FieldSelector(parsing: #"metadata.name=a\,b\=c\\d"#)
        #expect(selector.requirements.first?.value == #"a,b=c\d"#)
        #expect(selector.matches(["metadata.name": #"a,b=c\d"#]))
    }

    @Test(
        "matching compares values; a missing field is the empty string",
        arguments: [
            ("metadata.name=web", ["metadata.name": "web"], true),
            ("metadata.name=web", ["metadata.name": "api"], false),
            ("metadata.name=web", [:], false),
            ("metadata.name!=web", [:], true),
            ("metadata.name!=web", ["metadata.name": "web"], false),
            ("spec.nodeName=", [:], true),
            ("spec.nodeName=", ["spec.nodeName": "n1"], false),
            ("spec.nodeName!=", [:], false),
            ("spec.nodeName!=", ["spec.nodeName": "n1"], true),
            ("a=1,b!=2", ["a": "1", "b": "3"], true),
            ("a=1,b!=2", ["a": "1", "b": "2"], false),
            ("", ["a": "1"], true),
        ] as [(String, [String: String], Bool)])
    func matching(selector: String, fields: [String: String], expected: Bool) throws {
        #expect(try FieldSelector(parsing: selector).matches(fields) == expected)
    }

    @Test(
        "invalid selectors are rejected",
        arguments: [
            ("abc", "invalid selector: 'abc'; can't understand 'abc'"),
            ("a=1,b", "invalid selector: 'a=1,b'; can't understand 'b'"),
            ("a=b=c", "invalid field selector: unescaped character in value: ="),
            (#"a=b\x"#, #"invalid field selector: invalid escape sequence: \x"#),
            (#"a=b\"#, #"invalid field selector: invalid escape sequence: \"#),
            ("=x", "invalid selector: '=x'; field name missing in '=x'"),
        ])
    func rejects(input: String, message: String) {
        let error = #expect(throws: SelectorError.self) { try FieldSelector(parsing: input) }
        #expect(error?.message == message)
    }

    /// Found by Fuzz/KubeModelFuzz.swift: the parser read `Character`s, and a
    /// combining mark (U+0301, U+030F) after `,` or `=` joins it into one
    /// grapheme cluster, so the separator was not seen. Kubernetes reads bytes.
    @Test("separators followed by a combining mark still separate")
    func combiningMarkAfterSeparator() throws {
        let selector = try FieldSelector(parsing: "a=b,\u{301}c=d")
        #expect(selector.requirements.count == 2)
        #expect(selector.requirements.contains(FieldSelector.Requirement(field: "a", op: .equals, value: "b")))
        #expect(selector.requirements.contains(FieldSelector.Requirement(field: "\u{301}c", op: .equals, value: "d")))
        #expect(try FieldSelector(parsing: selector.description) == selector)

        // The fuzzer's case: a printed selector whose second field starts with a combining mark.
        let printed = FieldSelector(requirements: [
            FieldSelector.Requirement(field: "a", op: .equals, value: ""),
            FieldSelector.Requirement(field: "\u{30F}\u{0B}c", op: .equals, value: "w"),
        ])
        #expect(printed.description == "a=,\u{30F}\u{0B}c=w")
        #expect(try FieldSelector(parsing: printed.description) == printed)

        // An `=` carrying a combining mark is still an unescaped `=`.
        let error = #expect(throws: SelectorError.self) { try FieldSelector(parsing: "a=b=\u{301}") }
        #expect(error?.message == "invalid field selector: unescaped character in value: =")
    }
}
