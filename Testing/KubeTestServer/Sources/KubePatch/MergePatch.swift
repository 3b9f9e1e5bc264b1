public import JSONValues

/// JSON merge patch (RFC 7386), the `application/merge-patch+json` patch type:
/// objects merge member by member, `null` removes a member, anything else
/// (arrays included) replaces the target value.
extension JSONValue {
    public func applyingMergePatch(_ patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        // A non-object target is replaced by an empty object before merging.
        var members = objectValue ?? [:]
        for (key, patchValue) in patchMembers {
            if patchValue == .null {
                members[key] = nil
            } else {
                // A missing member merges as if it were absent: nested nulls are dropped.
                let current = members.removeValue(forKey: key) ?? .null
                members[key] = current.applyingMergePatch(patchValue)
            }
        }
        return .object(members)
    }

    /// A merge patch that turns `original` into `modified`.
    ///
    /// A merge patch cannot set a member to `null` (null means "remove"), so a
    /// `null` inside a changed object of `modified` is removed by the patch, not kept.
    public static func mergePatch(from original: JSONValue, to modified: JSONValue) -> JSONValue {
        guard case .object(let originalMembers) = original, case .object(let modifiedMembers) = modified else {
            // Different kinds of value, or non-objects: the whole value is the patch.
            return modified
        }
        var patch: [String: JSONValue] = [:]
        for key in originalMembers.keys where modifiedMembers[key] == nil {
            patch[key] = .null
        }
        for (key, newValue) in modifiedMembers {
            guard let oldValue = originalMembers[key] else {
                patch[key] = newValue
                continue
            }
            if oldValue == newValue { continue }
            if case .object = oldValue, case .object = newValue {
                patch[key] = mergePatch(from: oldValue, to: newValue)
            } else {
                patch[key] = newValue
            }
        }
        return .object(patch)
    }
}
