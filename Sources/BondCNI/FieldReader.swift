import CNI
import JSONValues

/// Typed reads of the members of the network configuration. Every problem is
/// error 7 (invalid network configuration) whose message names the field and
/// shows the bad value: `invalid "mtu": expected an integer, got string "9000"`.
/// Null counts as absent, as Go's decoder treats it.
struct FieldReader {
    let members: [String: JSONValue]

    subscript(key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }
}

/// `invalid "FIELD": PROBLEM`, code 7.
func invalid(_ field: String, _ problem: String) -> CNIError {
    .invalidNetworkConfig("invalid \(quoted(field)): \(problem)")
}

func missing(_ field: String, _ hint: String) -> CNIError {
    .invalidNetworkConfig("missing \(quoted(field)): \(hint)")
}

/// The value's type and, for scalars, its text: `string "9000"`, `an object`.
func describe(_ value: JSONValue) -> String {
    switch value {
    case .object: return "an object"
    case .array: return "an array"
    case .null: return "null"
    default: return "\(value.typeName) \(value.jsonString)"
    }
}

func readString(_ value: JSONValue, _ field: String) throws(CNIError) -> String {
    guard let text = value.stringValue else { throw invalid(field, "expected a string, got \(describe(value))") }
    return text
}

func readBool(_ value: JSONValue, _ field: String) throws(CNIError) -> Bool {
    guard let flag = value.boolValue else { throw invalid(field, "expected true or false, got \(describe(value))") }
    return flag
}

func readInteger(_ value: JSONValue, _ field: String, in range: ClosedRange<Int64>, unit: String = "")
    throws(CNIError) -> Int64
{
    guard let number = value.intValue else {
        throw invalid(field, "expected an integer\(unit), got \(describe(value))")
    }
    guard range.contains(number) else {
        throw invalid(field, "\(number) is out of range; allowed: \(range.lowerBound)...\(range.upperBound)\(unit)")
    }
    return number
}

/// A 0/1 switch, written as an integer or a boolean.
func readSwitch(_ value: JSONValue, _ field: String) throws(CNIError) -> UInt8 {
    if let flag = value.boolValue { return flag ? 1 : 0 }
    guard let number = value.intValue else {
        throw invalid(field, "expected 0 or 1 (or false/true), got \(describe(value))")
    }
    guard number == 0 || number == 1 else { throw invalid(field, "\(number) is not allowed; use 0 or 1") }
    return UInt8(number)
}

/// Milliseconds as an integer or a decimal string ("100", as Bond CNI's
/// miimon), 0...Int32.max (the kernel stores them as int).
func readMilliseconds(_ value: JSONValue, _ field: String) throws(CNIError) -> UInt32 {
    let limit = Int64(Int32.max)
    if let text = value.stringValue {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw invalid(field, "\(quoted(text)) is not a number of milliseconds; use digits only, like \"100\"")
        }
        guard let number = Int64(text), number <= limit else {
            throw invalid(field, "\(quoted(text)) is out of range; allowed: 0...\(limit) milliseconds")
        }
        return UInt32(number)
    }
    guard value.intValue != nil else {
        throw invalid(field, "\(describe(value)) is not a number of milliseconds; use an integer or a string like \"100\"")
    }
    return UInt32(try readInteger(value, field, in: 0...limit, unit: " milliseconds"))
}

/// A name from a fixed set (`BondMode` and friends).
func readEnum<Value: RawRepresentable & CaseIterable>(_ value: JSONValue, _ field: String, what: String)
    throws(CNIError) -> Value where Value.RawValue == String
{
    let text = try readString(value, field)
    guard let parsed = Value(rawValue: text) else {
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw invalid(field, "\(quoted(text)) is not \(what); use one of \(allowed)")
    }
    return parsed
}

func readInterfaceName(_ value: JSONValue, _ field: String) throws(CNIError) -> String {
    let name = try readString(value, field)
    if let problem = InterfaceName.problem(with: name) { throw invalid(field, problem) }
    return name
}
