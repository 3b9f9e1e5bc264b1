/// The release this build is, for `--version` and the `build_info` metrics.
/// `make bundle VERSION=...` (scripts/bundle.py) rewrites it with images.env,
/// and `make manifests-check` fails when the two disagree.
public enum BuildInfo {
    public static let version = "0.1.0"
}
