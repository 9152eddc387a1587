import Hummingbird
import PorticoCore

extension Parameters {
    /// An integer query parameter within `range`, `defaultValue` when absent; a 400 naming it otherwise.
    public func integer(_ name: String, default defaultValue: Int?, range: ClosedRange<Int>) throws -> Int? {
        guard let raw = get(name) else { return defaultValue }
        guard let number = Int(raw), range.contains(number) else {
            throw PorticoError.invalidRequest("'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound).", field: name)
        }
        return number
    }
}
