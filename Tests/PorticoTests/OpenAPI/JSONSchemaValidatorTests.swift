import Foundation
import PorticoCatalog
import PorticoCore
import Testing

@Suite struct JSONSchemaValidatorTests {
    let validator = JSONSchemaValidator(schemas: [
        "Pet": Self.json(##"{"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}}, "required": ["name"], "additionalProperties": false}"##),
    ])

    static func json(_ text: String) -> JSONValue {
        try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    func violations(_ value: String, _ schema: String) -> [String] {
        validator.violations(of: Self.json(value), against: Self.json(schema))
    }

    @Test func types() {
        #expect(violations(##""a""##, ##"{"type": "string"}"##).isEmpty)
        #expect(violations("1", ##"{"type": "string"}"##) == ["$: expected string, found number"])
        #expect(violations("2", ##"{"type": "integer"}"##).isEmpty)
        #expect(!violations("2.5", ##"{"type": "integer"}"##).isEmpty)
        #expect(violations("2.5", ##"{"type": "number"}"##).isEmpty)
        #expect(violations("null", ##"{"type": ["string", "null"]}"##).isEmpty)
        #expect(!violations("true", ##"{"type": ["string", "null"]}"##).isEmpty)
        #expect(violations("[]", ##"{"type": "array"}"##).isEmpty)
        #expect(!violations("{}", ##"{"type": "array"}"##).isEmpty)
    }

    @Test func objects() {
        let schema = ##"{"$ref": "#/components/schemas/Pet"}"##
        #expect(violations(##"{"name": "rex", "age": 3}"##, schema).isEmpty)
        #expect(violations(##"{"age": 3}"##, schema) == ["$: the required property 'name' is missing"])
        #expect(violations(##"{"name": "rex", "colour": "red"}"##, schema) == ["$: the property 'colour' is not allowed"])
        #expect(violations(##"{"name": "rex", "age": -1}"##, schema) == ["$.age: -1.0 is outside the minimum 0.0"])
        #expect(violations(##"{"a": "x", "b": 1}"##, ##"{"type": "object", "additionalProperties": {"type": "string"}}"##)
            == ["$.b: expected string, found number"])
        #expect(violations(##"{"a": 1}"##, ##"{"type": "object", "additionalProperties": {}}"##).isEmpty)
    }

    @Test func arraysEnumsAndConstants() {
        #expect(violations(##"["a", 1]"##, ##"{"type": "array", "items": {"type": "string"}}"##) == ["$[1]: expected string, found number"])
        #expect(violations("[1, 2, 3]", ##"{"maxItems": 2}"##) == ["$: 3 items is outside the maxItems 2"])
        #expect(violations(##""ok""##, ##"{"enum": ["ok", "failed"]}"##).isEmpty)
        #expect(!violations(##""pending""##, ##"{"enum": ["ok", "failed"]}"##).isEmpty)
        #expect(violations(##""ok""##, ##"{"const": "ok"}"##).isEmpty)
        #expect(!violations(##""no""##, ##"{"const": "ok"}"##).isEmpty)
        #expect(violations("5", ##"{"maximum": 4}"##) == ["$: 5.0 is outside the maximum 4.0"])
    }

    @Test func combinators() {
        let nullablePet = ##"{"anyOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "null"}]}"##
        #expect(violations("null", nullablePet).isEmpty)
        #expect(violations(##"{"name": "rex"}"##, nullablePet).isEmpty)
        #expect(violations("3", nullablePet).count == 1)
        #expect(violations("3", ##"{"oneOf": [{"type": "integer"}, {"type": "number"}]}"##)
            == ["$: matches 2 branches of oneOf, not exactly one"])
        #expect(violations("3.5", ##"{"oneOf": [{"type": "integer"}, {"type": "number"}]}"##).isEmpty)
        #expect(violations(##"{"name": "rex"}"##, ##"{"allOf": [{"$ref": "#/components/schemas/Pet"}, {"required": ["age"]}]}"##)
            == ["$: the required property 'age' is missing"])
    }

    @Test func unknownKeywordsAndReferencesAreReportedNotIgnored() {
        #expect(violations("1", ##"{"type": "integer", "format": "int64", "description": "x"}"##).isEmpty)
        #expect(violations(##""a""##, ##"{"pattern": "^[a-z]$"}"##).isEmpty)
        #expect(violations(##""ab""##, ##"{"pattern": "^[a-z]$"}"##) == [##"$: "ab" does not match ^[a-z]$"##])
        #expect(violations(##""a""##, ##"{"multipleOf": 2}"##) == ["$: the validator does not support the keyword 'multipleOf'"])
        #expect(!violations("1", ##"{"$ref": "#/components/schemas/Missing"}"##).isEmpty)
    }
}
