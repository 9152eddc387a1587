import PorticoCore

/// The catalog people of a shape: one organisation group, departments, teams of `teamSize` users;
/// every user is a member of one team. Insights reads them for `teams` and `group=`.
struct InsightsPeople {
    let shape: InsightsShape

    var teams: Int { max(1, shape.users / shape.teamSize) }
    var departments: Int { max(1, (teams + shape.teamsPerDepartment - 1) / shape.teamsPerDepartment) }

    static func userRef(_ user: Int) -> String { "user:default/user-\(user)" }
    static func departmentRef(_ department: Int) -> String { "group:default/dept-\(department)" }

    func team(of user: Int) -> Int { user % teams }
    func department(of team: Int) -> Int { team / shape.teamsPerDepartment }
    func teamRef(_ team: Int) -> String { "group:default/team-\(team)" }

    /// The users of a department (through its teams).
    func members(ofDepartment department: Int) -> [Int] {
        (0..<shape.users).filter { self.department(of: team(of: $0)) == department }
    }

    func entities() -> [JSONValue] {
        func group(_ name: String, type: String, parent: String?) -> JSONValue {
            var spec: [String: JSONValue] = ["type": .string(type), "children": .array([])]
            if let parent { spec["parent"] = .string(parent) }
            return .object(["apiVersion": "backstage.io/v1alpha1", "kind": "Group",
                            "metadata": .object(["name": .string(name)]), "spec": .object(spec)])
        }
        var result = [group("org", type: "organization", parent: nil)]
        result += (0..<departments).map { group("dept-\($0)", type: "department", parent: "org") }
        result += (0..<teams).map { group("team-\($0)", type: "team", parent: "dept-\(department(of: $0))") }
        result += (0..<shape.users).map { user in
            .object(["apiVersion": "backstage.io/v1alpha1", "kind": "User",
                     "metadata": .object(["name": .string("user-\(user)")]),
                     "spec": .object(["memberOf": .array([.string("team-\(team(of: user))")])])])
        }
        return result
    }
}
