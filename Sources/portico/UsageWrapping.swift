/// ArgumentParser wraps help text to the terminal but prints the generated `USAGE:` line whole,
/// 150 columns for a command with many options. This wraps that line between its option groups.
enum UsageWrapping {
    static let width = 80

    static func wrapped(_ help: String) -> String {
        help.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("USAGE: ") && $0.count > width ? wrapLine(String($0)) : String($0) }
            .joined(separator: "\n")
    }

    /// Breaks only at spaces outside `[...]` and `<...>`, continuing under the command name.
    static func wrapLine(_ line: String) -> String {
        let indent = String(repeating: " ", count: "USAGE: ".count)
        var lines: [String] = []
        var current = ""
        for group in groups(line) {
            if !current.isEmpty, current.count + 1 + group.count > width {
                lines.append(current)
                current = indent + group
            } else {
                current += current.isEmpty ? group : " " + group
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    static func groups(_ line: String) -> [String] {
        var groups: [String] = []
        var current = ""
        var depth = 0
        for character in line {
            switch character {
            case "[", "<": depth += 1
            case "]", ">": depth -= 1
            default: break
            }
            if character == " ", depth == 0 {
                if !current.isEmpty { groups.append(current) }
                current = ""
            } else if current.isEmpty, character == "<", let option = groups.last, option.hasPrefix("-") {
                // `--name <name>`: an option and its value stay on one line.
                current = groups.removeLast() + " <"
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }
}
