// libFuzzer target for the Kubernetes object model (module KubeModel: JSON
// values, label selectors) and the test tooling's KubePatch (field selectors
// and the three patch types), all of which the API test server applies to
// request bodies and query strings.
//
// Built and run by scripts/fuzz.sh, not by SwiftPM:
//   swiftc -sanitize=fuzzer,address ... -module-name FuzzKubeModel -parse-as-library
//
// Input format: the first byte picks the mode (`byte % 8`, so the seeds use the
// ASCII digits '0' to '7'); the rest is the body. Modes that take two parts
// split the body at its first newline (compact JSON never contains a raw
// newline); without one, the whole body is both parts.
//
//   0  JSON document
//   1  label selector string
//   2  field selector string
//   3  document \n merge patch
//   4  document \n JSON patch
//   5  document \n strategic merge patch
//   6  original \n modified (merge patch between them)
//   7  label/field selector string \n labels (a JSON object of strings)
//
// Every property below is checked with `check`, which calls fatalError when it
// fails, so libFuzzer records the input as a crash. Thrown errors
// (JSONDecodingError, SelectorError, PatchError) are fine: only traps, memory
// errors and broken properties are findings.
//
// Properties:
//  1. JSON: `JSONValue.decode` never traps; a decoded value `v` encodes to
//     bytes that decode to a value numerically equal to `v` (an integral
//     double may come back as an integer, a large integer in exponent form as a
//     double: numbers compare as doubles across the two cases), and one more
//     round is a fixpoint: the same value and byte-identical encoding.
//  2. Label selectors, from a string or a metav1.LabelSelector object: when
//     one parses, `LabelSelector(parsing: selector.description)` gives an equal
//     selector with the same description; requirements are sorted by key and
//     their values sorted and unique; each requirement matches (and fails to
//     match) the label maps its operator says it must; `matches([:])` holds
//     exactly when every requirement is negative (!=, notin, !).
//  3. Field selectors: the same description round trip (except for the form
//     Kubernetes cannot print either, see `fieldSelectorPrintable`), sorted
//     requirements, and `=`/`!=` matching the maps they must.
//  4. Merge patch (RFC 7386): never traps; applying the patch again changes
//     nothing; an object patch removes its null members, sets every other
//     member to a non-null value and keeps the target's other members.
//  5. Merge patch generation: `original.applyingMergePatch(mergePatch(from:
//     original, to: modified)) == modified` whenever `modified` has no null
//     member in an object reachable through objects alone (a merge patch
//     cannot set a member to null; arrays are copied whole, nulls and all);
//     the patch from a value to itself is `{}` for objects.
//  6. JSON patch (RFC 6902): never traps; the empty patch changes nothing; a
//     patch that applies gives the same document as its operations applied one
//     by one; after each `add` and `replace`, a `test` of the value just
//     written at its path holds; a `test` of the whole result against itself
//     holds.
//  7. Strategic merge patch with the DaemonSet table (and the table of the
//     document's own `kind`): never traps; with an empty table and a patch
//     without `$` keys and without null members in objects inside arrays, it
//     gives exactly the RFC 7386 merge patch result.
//  Every document a patch produces also passes the JSON round trip (1).

import Foundation
import JSONValues
import KubeModel
import KubePatch

func fuzzOne(_ bytes: [UInt8]) {
    guard let selector = bytes.first else { return }
    let body = bytes.dropFirst()
    let (first, second) = parts(body)
    switch selector % 8 {
    case 0:
        guard let value = decodeJSON(body) else { return }
        checkRoundTrip(value)
        checkLabelSelectorJSON(value)
        checkLabelSelectorJSON(value["selector"])
        checkLabelSelectorJSON(value[path: ["spec", "selector"]])
    case 1:
        checkLabelSelectorText(text(body), labels: [])
    case 2:
        checkFieldSelectorText(text(body), fields: [])
    case 3:
        guard let document = decodeJSON(first), let patch = decodeJSON(second) else { return }
        checkMergePatch(document, patch)
    case 4:
        guard let document = decodeJSON(first), let patch = decodeJSON(second) else { return }
        checkJSONPatch(document, patch)
    case 5:
        guard let document = decodeJSON(first), let patch = decodeJSON(second) else { return }
        checkStrategicMergePatch(document, patch)
    case 6:
        guard let original = decodeJSON(first), let modified = decodeJSON(second) else { return }
        checkMergeDiff(original, modified)
    default:
        var labels: [String: String] = [:]
        if let value = decodeJSON(second) {
            for (key, member) in value.objectValue ?? [:] {
                if let string = member.stringValue { labels[key] = string }
            }
            checkLabelSelectorJSON(value)
        }
        checkLabelSelectorText(text(first), labels: [labels])
        checkFieldSelectorText(text(first), fields: [labels])
    }
}

/// The body before and after its first newline; the whole body twice without one.
func parts(_ body: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
    guard let newline = body.firstIndex(of: UInt8(ascii: "\n")) else { return (body, body) }
    return (body[..<newline], body[(newline + 1)...])
}

func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

func decodeJSON(_ bytes: ArraySlice<UInt8>) -> JSONValue? { try? JSONValue.decode(bytes) }

// MARK: - 1. JSON values

/// encode → decode gives a numerically equal value; a second round is a fixpoint.
func checkRoundTrip(_ value: JSONValue) {
    let encoded = value.encoded()
    let once: JSONValue
    do throws(JSONDecodingError) {
        once = try JSONValue.decode(encoded)
    } catch {
        fatalError("fuzz property violated: encoded value \(text(Array(encoded)[...])) does not decode: \(error)")
    }
    check(numericallyEqual(once, value), "decode(encode(v)) != v: \(once) vs \(value)")
    let encodedOnce = once.encoded()
    let twice = try? JSONValue.decode(encodedOnce)
    check(twice == once, "second JSON round trip changed the value: \(String(describing: twice)) vs \(once)")
    check(twice?.encoded() == encodedOnce, "second JSON round trip changed the encoding of \(once)")
}

/// Deep equality with numbers compared as doubles across `.int` and `.double`
/// (JSON has one number type), everything else exactly.
func numericallyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .int(let y)): return x == y
    case (.int, .double), (.double, .int), (.double, .double): return a.doubleValue == b.doubleValue
    case (.array(let x), .array(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { numericallyEqual($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && x.allSatisfy { key, value in y[key].map { numericallyEqual(value, $0) } ?? false }
    default: return a == b
    }
}

// MARK: - 2. Label selectors

/// Label maps every selector is matched against (no crash; no expectation).
let fixedLabelMaps: [[String: String]] = [
    [:],
    ["app": "web", "tier": "a"],
    ["a": "b", "c": "x", "d": "", "example.com/name": "v", "n": "5"],
]

func checkLabelSelectorText(_ text: String, labels: [[String: String]]) {
    guard let selector = try? LabelSelector(parsing: text) else { return }
    checkLabelSelector(selector, labels: labels, source: "string \(text.debugDescription)")
}

func checkLabelSelectorJSON(_ value: JSONValue) {
    guard let selector = try? LabelSelector(json: value) else { return }
    checkLabelSelector(selector, labels: [], source: "object \(value)")
}

func checkLabelSelector(_ selector: LabelSelector, labels: [[String: String]], source: String) {
    let description = selector.description
    let reparsed: LabelSelector
    do throws(SelectorError) {
        reparsed = try LabelSelector(parsing: description)
    } catch {
        fatalError("fuzz property violated: description \(description.debugDescription) of the selector from \(source) does not parse: \(error)")
    }
    check(reparsed == selector, "selector from \(source) reparsed from \(description.debugDescription) differs: \(reparsed.requirements) vs \(selector.requirements)")
    check(reparsed.description == description, "description changed on reparse: \(reparsed.description.debugDescription) vs \(description.debugDescription)")
    check(selector.matchesEverything == selector.requirements.isEmpty, "matchesEverything disagrees with the requirements of \(description.debugDescription)")

    let keys = selector.requirements.map(\.key)
    check(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, "requirements of \(description.debugDescription) not sorted by key")
    let negative: Set<LabelSelector.Operator> = [.notEquals, .notIn, .doesNotExist]
    check(
        selector.matches([:]) == selector.requirements.allSatisfy { negative.contains($0.op) },
        "\(description.debugDescription) on no labels: \(selector.matches([:]))")
    for requirement in selector.requirements {
        checkRequirement(requirement)
    }

    var fromRequirements: [String: String] = [:]
    for requirement in selector.requirements { fromRequirements[requirement.key] = requirement.values.first ?? "" }
    for map in fixedLabelMaps + labels + [fromRequirements] {
        _ = selector.matches(map)
    }
    for key in keys + ["app"] { _ = selector.requiredValue(for: key) }
}

/// One requirement against the label maps its operator decides.
func checkRequirement(_ requirement: LabelSelector.Requirement) {
    let key = requirement.key
    let values = requirement.values
    let text = requirement.description.debugDescription
    check(values == Array(Set(values)).sorted(), "values of \(text) not sorted and unique: \(values)")
    switch requirement.op {
    case .equals, .in:
        check(!values.isEmpty, "\(text) has no values")
        for value in values { check(requirement.matches([key: value]), "\(text) does not match \(key)=\(value)") }
        check(!requirement.matches([:]), "\(text) matches no labels")
    case .notEquals, .notIn:
        check(!values.isEmpty, "\(text) has no values")
        for value in values { check(!requirement.matches([key: value]), "\(text) matches \(key)=\(value)") }
        check(requirement.matches([:]), "\(text) does not match no labels")
    case .exists:
        check(values.isEmpty, "\(text) has values")
        check(requirement.matches([key: ""]) && !requirement.matches([:]), "\(text) is not key existence")
    case .doesNotExist:
        check(values.isEmpty, "\(text) has values")
        check(!requirement.matches([key: ""]) && requirement.matches([:]), "\(text) is not key absence")
    case .greaterThan, .lessThan:
        guard values.count == 1, let bound = Int64(values[0]) else {
            fatalError("fuzz property violated: \(text) has no integer bound: \(values)")
        }
        let above = requirement.op == .greaterThan
        check(!requirement.matches([key: values[0]]), "\(text) matches its own bound")
        check(!requirement.matches([key: "x"]), "\(text) matches a non-integer")
        if above, bound < .max { check(requirement.matches([key: String(bound + 1)]), "\(text) does not match \(bound + 1)") }
        if !above, bound > .min { check(requirement.matches([key: String(bound - 1)]), "\(text) does not match \(bound - 1)") }
    }
}

// MARK: - 3. Field selectors

/// Whether the string form of `selector` can be read back. Field names are
/// printed as they are (apimachinery's `hasTerm.String()` does the same), so a
/// field ending in `!` before `=` prints as `!=`: `a! =b` selects field `a!`
/// and prints as `a!=b`. No resource has such a field.
func fieldSelectorPrintable(_ selector: FieldSelector) -> Bool {
    !selector.requirements.contains { $0.op == .equals && $0.field.hasSuffix("!") }
}

func checkFieldSelectorText(_ text: String, fields: [[String: String]]) {
    guard let selector = try? FieldSelector(parsing: text) else { return }
    let description = selector.description
    if fieldSelectorPrintable(selector) {
        let reparsed: FieldSelector
        do throws(SelectorError) {
            reparsed = try FieldSelector(parsing: description)
        } catch {
            fatalError("fuzz property violated: description \(description.debugDescription) of field selector \(text.debugDescription) does not parse: \(error)")
        }
        check(reparsed == selector, "field selector \(text.debugDescription) reparsed from \(description.debugDescription) differs: \(reparsed.requirements) vs \(selector.requirements)")
        check(reparsed.description == description, "field selector description changed on reparse: \(reparsed.description.debugDescription) vs \(description.debugDescription)")
    }
    check(selector.matchesEverything == selector.requirements.isEmpty, "matchesEverything disagrees for \(text.debugDescription)")
    check(selector.fieldNames == Array(Set(selector.requirements.map(\.field))).sorted(), "fieldNames of \(text.debugDescription)")
    for requirement in selector.requirements {
        let field = requirement.field
        let value = requirement.value
        let equals = requirement.op == .equals
        check(!field.isEmpty, "empty field name from \(text.debugDescription)")
        check(requirement.matches([field: value]) == equals, "\(requirement) on \(field)=\(value)")
        check(requirement.matches([field: value + "x"]) != equals, "\(requirement) on \(field)=\(value)x")
        check(requirement.matches([:]) == (equals == value.isEmpty), "\(requirement) on no fields")
    }
    var fromRequirements: [String: String] = [:]
    for requirement in selector.requirements { fromRequirements[requirement.field] = requirement.value }
    for map in fixedLabelMaps + fields + [fromRequirements] {
        _ = selector.matches(map)
    }
    for field in selector.fieldNames + ["metadata.name"] { _ = selector.requiredValue(for: field) }
}

// MARK: - 4, 5. Merge patch

func checkMergePatch(_ document: JSONValue, _ patch: JSONValue) {
    let result = document.applyingMergePatch(patch)
    checkRoundTrip(result)
    check(result.applyingMergePatch(patch) == result, "merge patch \(patch) is not idempotent on \(document)")
    if case .object(let patchMembers) = patch {
        guard case .object(let resultMembers) = result else {
            fatalError("fuzz property violated: object merge patch \(patch) gave \(result)")
        }
        for (key, value) in patchMembers {
            if value == .null {
                check(resultMembers[key] == nil, "merge patch kept member \(key) it removes")
            } else {
                check(resultMembers[key].map { $0 != .null } ?? false, "merge patch did not set member \(key)")
            }
        }
        let documentMembers = document.objectValue ?? [:]
        for (key, value) in documentMembers where patchMembers[key] == nil {
            check(resultMembers[key] == value, "merge patch changed member \(key) it does not name")
        }
        for key in resultMembers.keys {
            check(patchMembers[key] != nil || documentMembers[key] != nil, "merge patch invented member \(key)")
        }
    } else {
        check(result == patch, "a non-object merge patch is not the result")
    }
    checkMergeDiff(document, result)
}

func checkMergeDiff(_ original: JSONValue, _ modified: JSONValue) {
    let patch = JSONValue.mergePatch(from: original, to: modified)
    let applied = original.applyingMergePatch(patch)
    checkRoundTrip(patch)
    if !hasNullMember(modified) {
        check(applied == modified, "mergePatch(from: \(original), to: \(modified)) = \(patch) gives \(applied)")
    }
    if case .object = modified {
        let none = JSONValue.mergePatch(from: modified, to: modified)
        check(none == .emptyObject, "merge patch from \(modified) to itself is \(none)")
    }
}

/// Whether an object reachable from `value` through objects alone has a null member.
func hasNullMember(_ value: JSONValue) -> Bool {
    guard case .object(let members) = value else { return false }
    return members.values.contains { $0 == .null || hasNullMember($0) }
}

// MARK: - 6. JSON patch

func checkJSONPatch(_ document: JSONValue, _ patch: JSONValue) {
    check((try? document.applyingJSONPatch([])) == document, "the empty JSON patch changed \(document)")
    let whole: JSONValue?
    do throws(PatchError) {
        whole = try document.applyingJSONPatch(patch)
    } catch {
        whole = nil
    }
    guard let whole, case .array(let operations) = patch else { return }
    checkRoundTrip(whole)

    var stepwise = document
    for (index, operation) in operations.enumerated() {
        do throws(PatchError) {
            stepwise = try stepwise.applyingJSONPatch([operation])
        } catch {
            fatalError("fuzz property violated: operation \(index) of a patch that applies fails alone: \(error)")
        }
        let kind = operation["op"].stringValue
        if kind == "add" || kind == "replace", let path = operation["path"].stringValue, !path.hasSuffix("/-") {
            let test: JSONValue = ["op": "test", "path": .string(path), "value": operation["value"]]
            do throws(PatchError) {
                _ = try stepwise.applyingJSONPatch([test])
            } catch {
                fatalError("fuzz property violated: after operation \(index) \(operation), \(test) fails: \(error)")
            }
        }
    }
    check(stepwise == whole, "JSON patch \(patch) gives \(whole) at once but \(stepwise) step by step")
    let itself: JSONValue = [["op": "test", "path": "", "value": whole]]
    check((try? whole.applyingJSONPatch(itself)) == whole, "the result \(whole) does not test equal to itself")
}

// MARK: - 7. Strategic merge patch

func checkStrategicMergePatch(_ document: JSONValue, _ patch: JSONValue) {
    var kinds = ["DaemonSet"]
    if let kind = document["kind"].stringValue, kind != "DaemonSet" { kinds.append(kind) }
    for kind in kinds {
        if let result = try? document.applyingStrategicMergePatch(patch, strategy: .forKind(kind)) {
            checkRoundTrip(result)
        }
    }

    // With no merging lists and no directives it is RFC 7386.
    guard document.objectValue != nil || document == .null, patch.objectValue != nil,
        !hasDollarKey(patch), !hasNullMemberInArray(patch, inArray: false)
    else { return }
    let plain: JSONValue
    do throws(PatchError) {
        plain = try document.applyingStrategicMergePatch(patch, strategy: PatchStrategy())
    } catch {
        fatalError("fuzz property violated: strategic merge patch without directives fails: \(error)")
    }
    let merged = document.applyingMergePatch(patch)
    check(plain == merged, "strategic merge patch \(patch) without lists gives \(plain), merge patch \(merged)")
}

/// Whether any object in `value` has a key starting with `$` (a directive, or unknown).
func hasDollarKey(_ value: JSONValue) -> Bool {
    switch value {
    case .object(let members): return members.contains { $0.key.hasPrefix("$") || hasDollarKey($0.value) }
    case .array(let elements): return elements.contains(where: hasDollarKey)
    default: return false
    }
}

/// Whether an object inside an array of `value` has a null member (the strategic
/// patch cleans those, a merge patch copies arrays as they are).
func hasNullMemberInArray(_ value: JSONValue, inArray: Bool) -> Bool {
    switch value {
    case .object(let members):
        return members.values.contains { (inArray && $0 == .null) || hasNullMemberInArray($0, inArray: inArray) }
    case .array(let elements):
        return elements.contains { hasNullMemberInArray($0, inArray: true) }
    default:
        return false
    }
}
