import Hummingbird
import PorticoCore

/// Reading Backstage's query parameters, with 400s naming the parameter.
extension Parameters {
    func catalogFilter() throws -> EntityFilter {
        try EntityFilter(parameters: getAll("filter"))
    }

    func catalogFields() throws -> FieldSelection? {
        let fields = try FieldSelection(parameters: getAll("fields"))
        return fields.isEmpty ? nil : fields
    }

    func catalogInteger(_ name: String, default value: Int?, range: ClosedRange<Int>) throws -> Int? {
        guard let raw = get(name) else { return value }
        guard let number = Int(raw), range.contains(number) else {
            throw PorticoError.invalidRequest("'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound).", field: name)
        }
        return number
    }
}
