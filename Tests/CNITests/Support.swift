import CNI
import JSONValues

/// The CNIError `body` throws, nil when it succeeds.
func failure<T>(_ body: () throws(CNIError) -> T) -> CNIError? {
    do throws(CNIError) {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// A JSON document from text (tests write expected shapes as JSON text).
func json(_ text: String) throws -> JSONValue {
    try JSONValue.decode(text)
}
