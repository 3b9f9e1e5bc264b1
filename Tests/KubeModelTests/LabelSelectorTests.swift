import Testing
@testable import KubeModel

@Suite("Label selector")
struct LabelSelectorTests {
    // MARK: Parsing

    @Test(
        "valid selectors parse to their canonical string",
        arguments: [
            ("", ""),
            ("a=b", "a=b"),
            ("a==b", "a=b"),
            ("a!=b", "a!=b"),
            ("a", "a"),
            ("!a", "!a"),
            ("! a", "!a"),
            (" a = b , c != d ", "a=b,c!=d"),
            ("b=1,a=2", "a=2,b=1"),
            ("a in (y, x)", "a in (x,y)"),
            ("a in (x,x,y)", "a in (x,y)"),
            ("a notin (x)", "a notin (x)"),
            ("a in(x)", "a in (x)"),
            ("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
            ("a=", "a="),
            ("a=,b", "a=,b"),
            ("x>1", "x>1"),
            ("x<3", "x<3"),
            ("in=notin", "in=notin"),
            ("a in (in,notin)", "a in (in,notin)"),
            ("app.kubernetes.io/name=web,tier!=db", "app.kubernetes.io/name=web,tier!=db"),
            ("environment in (production, qa),!canary", "!canary,environment in (production,qa)"),
            ("\tk8s.io/x-Y_z.0 = A.b-c_9\n", "k8s.io/x-Y_z.0=A.b-c_9"),
        ])
    func parses(input: String, canonical: String) throws {
        let selector = try LabelSelector(parsing: input)
        #expect(selector.description == canonical)
        // The canonical form parses back to the same selector.
        #expect(try LabelSelector(parsing: selector.description) == selector)
    }

    @Test("requirements carry key, operator and sorted values")
    func requirements() throws {
        let selector = try LabelSelector(parsing: "tier in (web, api),!canary,app=shop")
        #expect(selector.requirements.map(\.key) == ["app", "canary", "tier"])
        #expect(selector.requirements.map(\.op) == [.equals, .doesNotExist, .in])
        #expect(selector.requirements[2].values == ["api", "web"])
        #expect(selector.requirements[1].values == [])
        #expect(!selector.matchesEverything)
        #expect(try LabelSelector(parsing: "").matchesEverything)
        #expect(try LabelSelector(parsing: "  ").matchesEverything)
    }

    @Test("`=` and `==` are the same selector")
    func doubleEquals() throws {
        #expect(try LabelSelector(parsing: "a==b") == LabelSelector(parsing: "a=b"))
    }

    @Test(
        "invalid selectors are rejected with Kubernetes' messages",
        arguments: [
            ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
            ("a,", "unable to parse requirement: found '', expected: identifier after ','"),
            ("a,,b", "unable to parse requirement: found ',', expected: identifier after ','"),
            (",a", "unable to parse requirement: found ',', expected: !, identifier, or 'end of string'"),
            ("=a", "unable to parse requirement: found '=', expected: !, identifier, or 'end of string'"),
            ("a=b=c", "unable to parse requirement: found '=', expected: ',' or 'end of string'"),
            ("a=b c", "unable to parse requirement: found 'c', expected: ',' or 'end of string'"),
            ("!a=b", "unable to parse requirement: found '=', expected: ',' or 'end of string'"),
            ("!", "unable to parse requirement: found '', expected: identifier"),
            ("a!", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"),
            ("a in x", "unable to parse requirement: found 'x', expected: '('"),
            ("a in (x", "unable to parse requirement: found '', expected: ',' or ')'"),
            ("a in (x y)", "unable to parse requirement: found 'y', expected: ',' or ')'"),
            ("a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"),
            ("a=(b)", "unable to parse requirement: found '(', expected: identifier"),
        ])
    func rejectsSyntax(input: String, message: String) {
        let error = #expect(throws: SelectorError.self) { try LabelSelector(parsing: input) }
        #expect(error?.message == message)
        #expect(error?.description == message)
    }

    @Test(
        "invalid keys and values are rejected",
        arguments: [
            ("a/b/c=d", #"key: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters"#),
            ("-a=b", #"key: Invalid value: "-a": name part must consist of alphanumeric characters, '-', '_' or '.'"#),
            ("a-=b", "name part must consist of alphanumeric characters"),
            ("/a=b", #"key: Invalid value: "/a": prefix part must be non-empty"#),
            ("a/=b", "name part must be non-empty"),
            ("Example.com/a=b", "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"),
            ("a@b", "name part must consist of alphanumeric characters"),
            ("\(String(repeating: "k", count: 64))=v", "name part must be no more than 63 bytes"),
            ("a=-b", #"values[0][a]: Invalid value: "-b": a valid label must be an empty string or consist of alphanumeric characters"#),
            ("a=b.", "a valid label must be an empty string"),
            ("a=\(String(repeating: "v", count: 64))", "must be no more than 63 bytes"),
            ("a in (ok, no way)", "found 'way', expected: ',' or ')'"),
            ("a in (ok,b@d)", #"Invalid value: "b@d": a valid label must be"#),
            ("a>-1", #"values[0][a]: Invalid value: "-1": a valid label"#),
            ("a>b", #"values[0]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer"#),
            ("a<", "for 'Gt', 'Lt' operators, the value must be an integer"),
        ])
    func rejectsKeysAndValues(input: String, fragment: String) {
        let error = #expect(throws: SelectorError.self) { try LabelSelector(parsing: input) }
        #expect(error?.message.hasPrefix("unable to parse requirement: ") == true)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "no error")")
    }

    @Test("a 63-byte name and value and a 253-byte prefix are accepted")
    func lengthLimits() throws {
        let name = String(repeating: "n", count: 63)
        let value = String(repeating: "v", count: 63)
        let prefix = Array(repeating: String(repeating: "p", count: 63), count: 3).joined(separator: ".") + "."
            + String(repeating: "q", count: 61)
        #expect(prefix.utf8.count == 253)
        let selector = try LabelSelector(parsing: "\(prefix)/\(name)=\(value)")
        #expect(selector.matches(["\(prefix)/\(name)": value]))
        let tooLong = #expect(throws: SelectorError.self) { try LabelSelector(parsing: "\(prefix)x/\(name)=\(value)") }
        #expect(tooLong?.message.contains("prefix part must be no more than 253 characters") == true)
    }

    // MARK: Matching

    @Test(
        "matching follows the operator semantics",
        arguments: [
            ("a=b", ["a": "b"], true),
            ("a=b", ["a": "c"], false),
            ("a=b", [:], false),
            ("a=", ["a": ""], true),
            ("a=", [:], false),
            ("a!=b", [:], true),
            ("a!=b", ["a": "b"], false),
            ("a!=b", ["a": "c"], true),
            ("a in (x,y)", ["a": "y"], true),
            ("a in (x,y)", ["a": "z"], false),
            ("a in (x,y)", [:], false),
            ("a notin (x,y)", [:], true),
            ("a notin (x,y)", ["a": "x"], false),
            ("a notin (x,y)", ["a": "z"], true),
            ("a", ["a": ""], true),
            ("a", ["b": "a"], false),
            ("!a", ["b": "a"], true),
            ("!a", ["a": "x"], false),
            ("x>5", ["x": "6"], true),
            ("x>5", ["x": "5"], false),
            ("x>5", ["x": "abc"], false),
            ("x>5", [:], false),
            ("x<5", ["x": "-10"], true),
            ("x<5", ["x": "5"], false),
            ("a=b,!c,d in (1,2)", ["a": "b", "d": "2"], true),
            ("a=b,!c,d in (1,2)", ["a": "b", "c": "", "d": "2"], false),
            ("a=b,!c,d in (1,2)", ["a": "b", "d": "3"], false),
            ("", [:], true),
            ("", ["any": "thing"], true),
        ] as [(String, [String: String], Bool)])
    func matching(selector: String, labels: [String: String], expected: Bool) throws {
        #expect(try LabelSelector(parsing: selector).matches(labels) == expected)
    }

    @Test("requiredValue reports the pinned value of a key")
    func requiredValue() throws {
        let selector = try LabelSelector(parsing: "app=web,tier in (a),env in (x,y),!z")
        #expect(selector.requiredValue(for: "app") == "web")
        #expect(selector.requiredValue(for: "tier") == "a")
        #expect(selector.requiredValue(for: "env") == nil)
        #expect(selector.requiredValue(for: "z") == nil)
    }

    // MARK: metav1.LabelSelector

    @Test("null, {} and empty lists select everything")
    func jsonEverything() throws {
        #expect(try LabelSelector(json: .null).matchesEverything)
        #expect(try LabelSelector(json: [:]).matchesEverything)
        #expect(try LabelSelector(json: ["matchLabels": [:], "matchExpressions": []]).matchesEverything)
        #expect(try LabelSelector(json: ["matchLabels": .null]).matchesEverything)
    }

    @Test("matchLabels and matchExpressions combine into one selector")
    func jsonSelector() throws {
        let selector = try LabelSelector(
            json: json(
                #"""
                {"matchLabels": {"app": "web", "env": "prod"},
                 "matchExpressions": [
                    {"key": "tier", "operator": "In", "values": ["b", "a"]},
                    {"key": "track", "operator": "NotIn", "values": ["canary"]},
                    {"key": "owner", "operator": "Exists"},
                    {"key": "legacy", "operator": "DoesNotExist", "values": []}]}
                """#))
        #expect(selector.description == "app=web,env=prod,!legacy,owner,tier in (a,b),track notin (canary)")
        #expect(selector.matches(["app": "web", "env": "prod", "owner": "me", "tier": "a"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "owner": "me", "tier": "c"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "tier": "a"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "owner": "me", "tier": "a", "legacy": "1"]))
        #expect(!selector.matches(["app": "web", "env": "prod", "owner": "me", "tier": "a", "track": "canary"]))
        #expect(try LabelSelector(parsing: selector.description) == selector)
    }

    @Test("matchLabels alone equals the parsed equality form")
    func jsonMatchLabels() throws {
        let fromJSON = try LabelSelector(json: ["matchLabels": ["b": "2", "a": "1"]])
        #expect(fromJSON == (try LabelSelector(parsing: "a=1,b=2")))
        #expect(fromJSON == (try LabelSelector(matchLabels: ["a": "1", "b": "2"])))
    }

    @Test(
        "invalid metav1.LabelSelector objects are rejected",
        arguments: [
            (#"{"matchExpressions": [{"key": "a", "operator": "In"}]}"#,
             "matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
            (#"{"matchExpressions": [{"key": "a", "operator": "NotIn", "values": []}]}"#,
             "matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"),
            (#"{"matchExpressions": [{"key": "a", "operator": "Exists"}, {"key": "b", "operator": "Exists", "values": ["x"]}]}"#,
             "matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
            (#"{"matchExpressions": [{"key": "a", "operator": "DoesNotExist", "values": ["x"]}]}"#,
             "matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
            (#"{"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}"#,
             #"matchExpressions[0].operator: Unsupported value: "Gt": supported values: "In", "NotIn", "Exists", "DoesNotExist""#),
            (#"{"matchExpressions": [{"key": "a", "operator": "in", "values": ["1"]}]}"#,
             #"matchExpressions[0].operator: Unsupported value: "in": supported values: "In", "NotIn", "Exists", "DoesNotExist""#),
            (#"{"matchExpressions": [{"operator": "Exists"}]}"#, "matchExpressions[0].key: Required value"),
            (#"{"matchExpressions": [{"key": "a"}]}"#, "matchExpressions[0].operator: Required value"),
            (#"{"matchExpressions": [{"key": "a", "operator": "In", "values": [1]}]}"#,
             "matchExpressions[0].values[0]: Invalid value: must be a string, not integer"),
            (#"{"matchExpressions": {"key": "a"}}"#, "matchExpressions: Invalid value: must be an array, not object"),
            (#"{"matchLabels": ["a"]}"#, "matchLabels: Invalid value: must be an object, not array"),
            (#"{"matchLabels": {"a": 1}}"#, "matchLabels[a]: Invalid value: must be a string, not integer"),
            ("[]", "Invalid value: a label selector must be an object, not array"),
        ])
    func jsonInvalid(text: String, message: String) throws {
        let value = try json(text)
        let error = #expect(throws: SelectorError.self) { try LabelSelector(json: value) }
        #expect(error?.message == message)
    }

    @Test("invalid keys and values inside a metav1.LabelSelector are rejected")
    func jsonInvalidLabels() throws {
        let badValue = #expect(throws: SelectorError.self) {
            try LabelSelector(json: ["matchLabels": ["app": "no spaces"]])
        }
        #expect(badValue?.message.hasPrefix(#"matchLabels: values[0][app]: Invalid value: "no spaces": a valid label"#) == true)
        let badKey = #expect(throws: SelectorError.self) {
            try LabelSelector(json: ["matchExpressions": [["key": "a b", "operator": "Exists"]]])
        }
        #expect(badKey?.message.hasPrefix(#"matchExpressions[0].key: Invalid value: "a b": name part must"#) == true)
    }

    @Test("requirements can be built directly, with validation")
    func requirementInit() throws {
        let requirement = try LabelSelector.Requirement(key: "a", op: .in, values: ["z", "y", "z"])
        #expect(requirement.values == ["y", "z"])
        #expect(requirement.description == "a in (y,z)")
        #expect(throws: SelectorError.self) { try LabelSelector.Requirement(key: "a", op: .in, values: []) }
        #expect(throws: SelectorError.self) { try LabelSelector.Requirement(key: "a", op: .equals, values: ["x", "y"]) }
        #expect(throws: SelectorError.self) { try LabelSelector.Requirement(key: "a", op: .exists, values: ["x"]) }
        #expect(throws: SelectorError.self) { try LabelSelector.Requirement(key: "", op: .exists) }
        let selector = LabelSelector(requirements: [
            try .init(key: "b", op: .exists), try .init(key: "a", op: .notEquals, values: ["1"]),
        ])
        #expect(selector.description == "a!=1,b")
        #expect(LabelSelector.everything.description == "")
    }
}
