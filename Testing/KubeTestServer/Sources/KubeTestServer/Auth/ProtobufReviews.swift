import JSONValues

/// kubectl's typed clients (`create token`, `auth can-i`, `auth whoami`) send
/// built-in kinds as Kubernetes protobuf: `k8s\0`, then a runtime.Unknown
/// whose field 2 holds the object. This reads just the messages of the
/// TokenRequest and the reviews into their JSON form; answers stay JSON,
/// which those clients also accept.
enum ProtobufReviews {
    static let contentType = "application/vnd.kubernetes.protobuf"

    private enum Field {
        case string(String)
        case strings(String)
        case int64(String)
        case message(String, Message)
    }

    private typealias Message = [Int: Field]

    private static let objectMeta: Message = [1: .string("name"), 2: .string("generateName"), 3: .string("namespace")]
    private static let resourceAttributes: Message = [
        1: .string("namespace"), 2: .string("verb"), 3: .string("group"), 4: .string("version"),
        5: .string("resource"), 6: .string("subresource"), 7: .string("name"),
    ]
    private static let nonResourceAttributes: Message = [1: .string("path"), 2: .string("verb")]
    private static let accessReviewSpec: Message = [
        1: .message("resourceAttributes", resourceAttributes), 2: .message("nonResourceAttributes", nonResourceAttributes),
        3: .string("user"), 4: .strings("groups"), 6: .string("uid"),
    ]

    private static func spec(of kind: String) -> Message? {
        switch kind {
        case "TokenRequest": return [1: .strings("audiences"), 4: .int64("expirationSeconds")]
        case "TokenReview": return [1: .string("token"), 2: .strings("audiences")]
        case "SelfSubjectReview": return [:]
        case "SubjectAccessReview", "SelfSubjectAccessReview", "LocalSubjectAccessReview": return accessReviewSpec
        case "SelfSubjectRulesReview": return [1: .string("namespace")]
        default: return nil
        }
    }

    static func decode(_ body: [UInt8], kind: String) throws(APIError) -> JSONValue {
        let failure = APIError.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json (this test server reads protobuf only for TokenRequest and the reviews)")
        guard let spec = spec(of: kind), body.count >= 4, Array(body[0..<4]) == Array("k8s\u{0}".utf8) else { throw failure }
        var reader = Reader(bytes: Array(body[4...]))
        var raw: [UInt8]?
        do {
            while let (number, value) = try reader.next() {
                if number == 2, case .bytes(let bytes) = value { raw = bytes }
            }
        } catch {
            throw failure
        }
        guard let raw else { throw failure }
        let object: Message = [1: .message("metadata", objectMeta), 2: .message("spec", spec)]
        do {
            var decoded = try read(raw, object)
            decoded["kind"] = .string(kind)
            return decoded
        } catch {
            throw failure
        }
    }

    private static func read(_ bytes: [UInt8], _ message: Message) throws(Reader.Malformed) -> JSONValue {
        var reader = Reader(bytes: bytes)
        var object = JSONValue.emptyObject
        while let (number, value) = try reader.next() {
            switch (message[number], value) {
            case (.string(let name)?, .bytes(let data)):
                object[name] = .string(String(decoding: data, as: UTF8.self))
            case (.strings(let name)?, .bytes(let data)):
                object[name] = .array((object[name].arrayValue ?? []) + [.string(String(decoding: data, as: UTF8.self))])
            case (.int64(let name)?, .varint(let number)):
                object[name] = .int(Int64(bitPattern: number))
            case (.message(let name, let inner)?, .bytes(let data)):
                object[name] = try read(data, inner)
            default:
                continue
            }
        }
        return object
    }

    /// The protobuf wire format: varints, and length-delimited fields; others skipped.
    private struct Reader {
        struct Malformed: Error {}
        enum Value { case varint(UInt64), bytes([UInt8]), other }

        var bytes: [UInt8]
        var offset = 0

        mutating func varint() throws(Malformed) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                result |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return result }
                shift += 7
            }
            throw Malformed()
        }

        mutating func next() throws(Malformed) -> (Int, Value)? {
            guard offset < bytes.count else { return nil }
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: return (number, .varint(try varint()))
            case 1: offset += 8; return (number, .other)
            case 5: offset += 4; return (number, .other)
            case 2:
                let length = Int(try varint())
                guard length >= 0, offset + length <= bytes.count else { throw Malformed() }
                defer { offset += length }
                return (number, .bytes(Array(bytes[offset..<offset + length])))
            default: throw Malformed()
            }
        }
    }
}
