// Written by `make bundle` (scripts/bundle.py) from images.env's VERSION, with
// the image tags; `make manifests-check` fails when they disagree.

/// The operator's version: what `--version` prints and
/// `pf_status_relay_operator_build_info` labels.
let operatorVersion = "0.1.0"
