/// The operation a runtime asks for in CNI_COMMAND.
public enum CNICommand: String, CaseIterable, Sendable {
    case add = "ADD", del = "DEL", check = "CHECK", version = "VERSION", status = "STATUS", gc = "GC"
}
