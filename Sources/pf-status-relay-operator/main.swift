import ArgumentParser
import OperatorShell

// Parsed and run here (not with `main()`), so the async `run()` is the one called.
do {
    var command = try OperatorCommand.parseAsRoot()
    if let operatorCommand = command as? OperatorCommand {
        try await operatorCommand.runOperator()
    } else {
        try command.run()
    }
} catch {
    OperatorCommand.exit(withError: error)
}
