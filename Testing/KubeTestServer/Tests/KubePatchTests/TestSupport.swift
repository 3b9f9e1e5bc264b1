import JSONValues

/// Parses JSON test fixtures; a malformed fixture fails the test that uses it.
func json(_ text: String) throws -> JSONValue {
    try JSONValue.decode(text)
}
