public import JSONValues

/// The answer to CNI_COMMAND=VERSION.
public enum VersionInfo {
    /// `{"cniVersion": V, "supportedVersions": [...]}`, V being the version the
    /// runtime asked for when this plugin supports it, else the latest.
    public static func json(requested: String?) -> JSONValue {
        let version = requested.flatMap { CNIVersion.supported.contains($0) ? $0 : nil } ?? CNIVersion.latest
        return [
            "cniVersion": .string(version),
            "supportedVersions": .array(CNIVersion.supported.map { .string($0) }),
        ]
    }
}
