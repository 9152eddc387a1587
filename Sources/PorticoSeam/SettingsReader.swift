import Configuration

/// One setting: its key (`database.url` ↔ `PORTICO_DATABASE_URL`), default and meaning. The
/// README's configuration table lists these.
public struct SettingDescription: Sendable {
    public let key: String
    public let defaultValue: String
    public let meaning: String

    public init(key: String, defaultValue: String, meaning: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.meaning = meaning
    }

    public var environmentVariable: String { Self.environmentVariable(for: key) }

    /// `database.maxConnections` → `PORTICO_DATABASE_MAX_CONNECTIONS`.
    public static func environmentVariable(for key: String) -> String {
        var name = "PORTICO"
        for component in key.split(separator: ".") {
            name += "_"
            var previousWasLower = false
            for character in component {
                if character.isUppercase && previousWasLower { name += "_" }
                name += character.uppercased()
                previousWasLower = character.isLowercase || character.isNumber
            }
        }
        return name
    }
}

/// Reads settings as raw text (so a bad value is reported, not silently replaced by a default)
/// and collects every problem, each naming the environment variable to fix, so start-up reports
/// them all at once. A module's reader is scoped to its id: its `refreshSeconds` is the setting
/// `<module>.refreshSeconds`, `PORTICO_<MODULE>_REFRESH_SECONDS`.
public final class SettingsReader {
    let reader: ConfigReader
    let defaults: [String: String]
    let prefix: String
    private let collected: Problems

    final class Problems {
        var all: [String] = []
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// - Parameter defaults: every known setting's default, by full key.
    public init(reader: ConfigReader, defaults: [String: String]) {
        self.reader = reader
        self.defaults = defaults
        self.prefix = ""
        self.collected = Problems()
    }

    private init(reader: ConfigReader, defaults: [String: String], prefix: String, collected: Problems) {
        self.reader = reader
        self.defaults = defaults
        self.prefix = prefix
        self.collected = collected
    }

    /// A reader of the settings under `scope.` whose problems are reported with this one's.
    public func scoped(to scope: String) -> SettingsReader {
        SettingsReader(reader: reader, defaults: defaults, prefix: prefix + scope + ".", collected: collected)
    }

    public var problems: [String] { collected.all }

    /// Records a problem that spans settings (one value too large for another).
    public func report(_ problem: String) { collected.all.append(problem) }

    public func raw(_ key: String) -> String {
        let fullKey = prefix + key
        let configKey = ConfigKey(fullKey.split(separator: ".").map(String.init))
        // A JSON file may hold numbers and booleans where the environment holds text.
        let value = reader.string(forKey: configKey)
            ?? reader.int(forKey: configKey).map(String.init)
            ?? reader.bool(forKey: configKey).map(String.init)
        guard let value = value ?? defaults[fullKey] else {
            preconditionFailure("setting \(fullKey) is read but not described")
        }
        return value
    }

    /// Parses one setting; on failure records a problem naming the variable and returns
    /// `placeholder` (the settings are discarded when any problem was recorded).
    public func parse<Value>(
        _ key: String, placeholder: @autoclosure () -> Value, secret: Bool = false, _ parse: (String) throws -> Value
    ) -> Value {
        let value = raw(key)
        do {
            return try parse(value)
        } catch {
            let fullKey = prefix + key
            let shown = secret ? "the value" : "'\(value)'"
            report("\(SettingDescription.environmentVariable(for: fullKey)) (\(fullKey)): \(shown) \(error)")
            return placeholder()
        }
    }

    public func boolean(_ key: String) -> Bool {
        parse(key, placeholder: false) { raw in
            switch raw.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: throw Problem("must be true or false")
            }
        }
    }

    public func integer(_ key: String, in range: ClosedRange<Int>) -> Int {
        parse(key, placeholder: range.lowerBound) { raw in
            guard let number = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
                throw Problem("must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
    }
}
