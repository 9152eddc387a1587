/// Something wrong with one file or entity of a location, shown on the location.
struct LocationProblem: Codable, Sendable, Hashable {
    var target: String
    var entityRef: String?
    var field: String?
    var message: String
}
