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
}
