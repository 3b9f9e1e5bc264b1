import Testing
@testable import KubePatch

@Suite("JSON patch (RFC 6902)")
struct JSONPatchTests {
    /// RFC 6902 appendix A examples that succeed: document, patch, result.
    @Test(
        "appendix A examples",
        arguments: [
            // A.1 adding an object member
            (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux"}]"#, #"{"baz":"qux","foo":"bar"}"#),
            // A.2 adding an array element
            (#"{"foo":["bar","baz"]}"#, #"[{"op":"add","path":"/foo/1","value":"qux"}]"#, #"{"foo":["bar","qux","baz"]}"#),
            // A.3 removing an object member
            (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"remove","path":"/baz"}]"#, #"{"foo":"bar"}"#),
            // A.4 removing an array element
            (#"{"foo":["bar","qux","baz"]}"#, #"[{"op":"remove","path":"/foo/1"}]"#, #"{"foo":["bar","baz"]}"#),
            // A.5 replacing a value
            (#"{"baz":"qux","foo":"bar"}"#, #"[{"op":"replace","path":"/baz","value":"boo"}]"#, #"{"baz":"boo","foo":"bar"}"#),
            // A.6 moving a value
            (#"{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}"#,
             #"[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]"#,
             #"{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}"#),
            // A.7 moving an array element
            (#"{"foo":["all","grass","cows","eat"]}"#, #"[{"op":"move","from":"/foo/1","path":"/foo/3"}]"#,
             #"{"foo":["all","cows","eat","grass"]}"#),
            // A.8 testing a value: success
            (#"{"baz":"qux","foo":["a",2,"c"]}"#,
             #"[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]"#,
             #"{"baz":"qux","foo":["a",2,"c"]}"#),
            // A.10 adding a nested member object
            (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/child","value":{"grandchild":{}}}]"#,
             #"{"foo":"bar","child":{"grandchild":{}}}"#),
            // A.11 ignoring unrecognized elements
            (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz","value":"qux","xyz":123}]"#, #"{"foo":"bar","baz":"qux"}"#),
            // A.14 ~ escape ordering
            (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":10}]"#, #"{"/":9,"~1":10}"#),
            // A.16 adding an array value
            (#"{"foo":["bar"]}"#, #"[{"op":"add","path":"/foo/-","value":["abc","def"]}]"#, #"{"foo":["bar",["abc","def"]]}"#),
        ])
    func appendixA(document: String, patch: String, result: String) throws {
        #expect(try json(document).applyingJSONPatch(json(patch)) == json(result))
    }

    /// RFC 6902 appendix A examples that must fail (A.9, A.12, A.15).
    @Test(
        "appendix A error examples",
        arguments: [
            // A.9 testing a value: error
            (#"{"baz":"qux"}"#, #"[{"op":"test","path":"/baz","value":"bar"}]"#,
             #"operation 0 (test "/baz"): test failed: value at "/baz" is "qux", expected "bar""#),
            // A.12 adding to a nonexistent target
            (#"{"foo":"bar"}"#, #"[{"op":"add","path":"/baz/bat","value":"qux"}]"#,
             #"operation 0 (add "/baz/bat"): path "/baz" does not exist"#),
            // A.15 comparing strings and numbers
            (#"{"/":9,"~1":10}"#, #"[{"op":"test","path":"/~01","value":"10"}]"#,
             #"operation 0 (test "/~01"): test failed: value at "/~01" is 10, expected "10""#),
        ])
    func appendixAErrors(document: String, patch: String, message: String) throws {
        let doc = try json(document)
        let operations = try json(patch)
        let error = #expect(throws: PatchError.self) { try doc.applyingJSONPatch(operations) }
        #expect(error?.message == message)
    }

    @Test("copy, add at the end and at index 0, replace the whole document")
    func moreOperations() throws {
        let document = try json(#"{"a":{"b":[1,2]},"c":null}"#)
        let patched = try document.applyingJSONPatch(
            json(
                #"""
                [{"op":"copy","from":"/a/b","path":"/d"},
                 {"op":"add","path":"/d/-","value":3},
                 {"op":"add","path":"/d/0","value":0},
                 {"op":"add","path":"/a/b/2","value":"end"},
                 {"op":"replace","path":"/c","value":{"x":null}},
                 {"op":"test","path":"/c/x","value":null}]
                """#))
        #expect(patched == (try json(#"{"a":{"b":[1,2,"end"]},"c":{"x":null},"d":[0,1,2,3]}"#)))
        #expect(try document.applyingJSONPatch(json(#"[{"op":"replace","path":"","value":[1]}]"#)) == [1])
        #expect(try document.applyingJSONPatch(json(#"[{"op":"add","path":"","value":"x"}]"#)) == "x")
        #expect(try document.applyingJSONPatch(json("[]")) == document)
    }

    @Test("test compares numbers by value and containers deeply")
    func testEquality() throws {
        let document = try json(#"{"n":1,"o":{"a":[1,{"b":2.0}]}}"#)
        #expect(throws: Never.self) {
            try document.applyingJSONPatch(
                json(#"[{"op":"test","path":"/n","value":1.0},{"op":"test","path":"/o","value":{"a":[1.0,{"b":2}]}}]"#))
        }
        #expect(throws: PatchError.self) {
            try document.applyingJSONPatch(json(#"[{"op":"test","path":"/o","value":{"a":[1]}}]"#))
        }
        #expect(throws: PatchError.self) {
            try document.applyingJSONPatch(json(#"[{"op":"test","path":"/o/a","value":[{"b":2},1]}]"#))
        }
    }

    @Test("pointer escapes: ~1 is '/', ~0 is '~', empty tokens are keys")
    func pointerEscapes() throws {
        let document = try json(#"{"a/b":1,"m~n":2,"":3," ":4}"#)
        let patched = try document.applyingJSONPatch(
            json(
                #"""
                [{"op":"replace","path":"/a~1b","value":10},
                 {"op":"replace","path":"/m~0n","value":20},
                 {"op":"replace","path":"/","value":30},
                 {"op":"replace","path":"/ ","value":40}]
                """#))
        #expect(patched == (try json(#"{"a/b":10,"m~n":20,"":30," ":40}"#)))
    }

    @Test("a failing operation leaves nothing applied")
    func atomic() throws {
        let document = try json(#"{"a":1}"#)
        #expect(throws: PatchError.self) {
            try document.applyingJSONPatch(json(#"[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}]"#))
        }
        #expect(document == (try json(#"{"a":1}"#)))
    }

    @Test(
        "errors name the operation and what is wrong",
        arguments: [
            (#"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/2"}]"#,
             #"operation 0 (remove "/a/2"): path "/a/2" does not exist: index 2 is out of bounds for an array of 2 elements"#),
            (#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/3","value":0}]"#,
             #"operation 0 (add "/a/3"): index 3 is out of bounds for an array of 2 elements"#),
            (#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/01","value":0}]"#, #"operation 0 (add "/a/01"): "01" is not an array index"#),
            (#"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/x","value":0}]"#, #"operation 0 (add "/a/x"): "x" is not an array index"#),
            (#"{"a":[1,2]}"#, #"[{"op":"replace","path":"/a/-","value":0}]"#,
             #"operation 0 (replace "/a/-"): path "/a/-" does not exist: "-" (past the end) is only valid for add"#),
            (#"{"a":[1,2]}"#, #"[{"op":"remove","path":"/a/-1"}]"#, #"operation 0 (remove "/a/-1"): path "/a/-1": "-1" is not an array index"#),
            (#"{"a":1}"#, #"[{"op":"remove","path":"/b"}]"#, #"operation 0 (remove "/b"): path "/b" does not exist"#),
            (#"{"a":1}"#, #"[{"op":"replace","path":"/b","value":2}]"#, #"operation 0 (replace "/b"): path "/b" does not exist"#),
            (#"{"a":1}"#, #"[{"op":"test","path":"/b","value":2}]"#, #"operation 0 (test "/b"): path "/b" does not exist"#),
            (#"{"a":"s"}"#, #"[{"op":"add","path":"/a/b","value":2}]"#, #"operation 0 (add "/a/b"): cannot add a member to a string"#),
            (#"{"a":"s"}"#, #"[{"op":"add","path":"/a/b/c","value":2}]"#,
             #"operation 0 (add "/a/b/c"): path "/a/b" does not exist: "/a" is a string"#),
            (#"{"a":1}"#, #"[{"op":"remove","path":""}]"#, #"operation 0 (remove ""): cannot remove the whole document"#),
            (#"{"a":{"b":1}}"#, #"[{"op":"move","from":"/a","path":"/a/c"}]"#,
             #"operation 0 (move "/a/c"): cannot move "/a" into its own child "/a/c""#),
            (#"{"a":1}"#, #"[{"op":"copy","from":"/x","path":"/y"}]"#, #"operation 0 (copy "/y"): path "/x" does not exist"#),
            (#"{"a":1}"#, #"[{"op":"add","path":"a","value":1}]"#,
             #"operation 0 (add): invalid JSON pointer "a": must be empty or start with "/""#),
            (#"{"a":1}"#, #"[{"op":"add","path":"/a~2","value":1}]"#,
             #"operation 0 (add): invalid JSON pointer "/a~2": "~2" is not an escape (use ~0 or ~1)"#),
            (#"{"a":1}"#, #"[{"op":"add","path":"/a~","value":1}]"#,
             #"operation 0 (add): invalid JSON pointer "/a~": "~" at the end of a reference token"#),
            (#"{"a":1}"#, #"[{"op":"add","path":"/b"}]"#, #"operation 0 (add "/b"): missing "value""#),
            (#"{"a":1}"#, #"[{"op":"move","path":"/b"}]"#, #"operation 0 (move "/b"): missing "from""#),
            (#"{"a":1}"#, #"[{"path":"/b"}]"#, #"operation 0: missing "op""#),
            (#"{"a":1}"#, #"[{"op":"increment","path":"/a"}]"#,
             #"operation 0: unsupported "op" "increment" (expected add, remove, replace, move, copy or test)"#),
            (#"{"a":1}"#, #"[{"op":"remove"}]"#, #"operation 0 (remove): missing "path""#),
            (#"{"a":1}"#, #"[{"op":"remove","path":5}]"#, #"operation 0 (remove): "path" must be a string, not integer"#),
            (#"{"a":1}"#, #"[{"op":"test","path":"/a","value":1},"x"]"#, "operation 1: must be an object, not string"),
            (#"{"a":1}"#, #"{"op":"remove","path":"/a"}"#, "a JSON patch must be an array of operations, not object"),
        ])
    func errors(document: String, patch: String, message: String) throws {
        let doc = try json(document)
        let operations = try json(patch)
        let error = #expect(throws: PatchError.self) { try doc.applyingJSONPatch(operations) }
        #expect(error?.message == message)
    }

    @Test("moving a value onto itself changes nothing; moving within an array works both ways")
    func moves() throws {
        let document = try json(#"{"a":[1,2,3],"b":{"c":1}}"#)
        #expect(try document.applyingJSONPatch(json(#"[{"op":"move","from":"/b","path":"/b"}]"#)) == document)
        #expect(try document.applyingJSONPatch(json(#"[{"op":"move","from":"/a/2","path":"/a/0"}]"#))
            == json(#"{"a":[3,1,2],"b":{"c":1}}"#))
        #expect(try document.applyingJSONPatch(json(#"[{"op":"move","from":"/b/c","path":"/a/-"}]"#))
            == json(#"{"a":[1,2,3,1],"b":{}}"#))
    }
}
