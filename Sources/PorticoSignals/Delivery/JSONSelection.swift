import Foundation

/// A provider's payload, decoded from only the members it reads.
protocol SelectedPayload: Decodable {
    static var selection: JSONSelection { get }
}

extension SelectedPayload {
    static func decode(selectedFrom body: Data) throws -> Self {
        try selection.decode(Self.self, from: body)
    }
}

/// The members of a JSON document that a payload type reads. A provider's delivery carries far
/// more than a run needs (a GitHub `workflow_run` is ~17 KB: the repository's ~90 fields, actors,
/// pull requests); decoding it whole built every one of them and was the largest cost of taking a
/// delivery. `SelectedPayload.decode` checks the whole document but hands the decoder only the
/// selected members, so types, errors and field paths stay the decoder's own.
indirect enum JSONSelection: Sendable {
    /// The value as it stands.
    case whole
    /// Only these members of an object; a value that is not an object is kept whole, so the
    /// decoder reports its type at its path.
    case only(JSONMembers)

    static func members(_ members: [String: JSONSelection]) -> JSONSelection {
        .only(JSONMembers(members))
    }

    /// Every key a `CodingKeys` names, kept whole unless `nested` selects inside it.
    static func keys<Key: CodingKey & CaseIterable>(_ keys: Key.Type, nested: [String: JSONSelection] = [:]) -> JSONSelection {
        .members(Dictionary(keys.allCases.map { ($0.stringValue, nested[$0.stringValue] ?? .whole) }, uniquingKeysWith: { first, _ in first }))
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws -> Value {
        try JSONDecoder().decode(type, from: try select(from: body))
    }

    /// The document with only the selected members, once all of it was found to be JSON.
    func select(from body: Data) throws -> Data {
        try body.withUnsafeBytes { bytes in
            var pruner = JSONPruner(bytes.bindMemory(to: UInt8.self))
            return try pruner.document(keeping: self)
        }
    }
}

/// The selected members of an object, found by the bytes of their names: a payload's objects
/// have up to ~90 members and only a few are read, so no `String` is made for the others.
struct JSONMembers: Sendable {
    private let names: [[UInt8]]
    private let selections: [JSONSelection]

    init(_ members: [String: JSONSelection]) {
        let pairs = Array(members)
        names = pairs.map { Array($0.key.utf8) }
        selections = pairs.map(\.value)
    }

    /// The selection of the member whose name (unescaped, without quotes) is `name`.
    func selection(named name: UnsafeBufferPointer<UInt8>) -> JSONSelection? {
        for (index, candidate) in names.enumerated() where candidate.count == name.count && candidate.elementsEqual(name) {
            return selections[index]
        }
        return nil
    }
}

/// Reads a JSON document (RFC 8259) once, checking all of it, and writes out only the selected
/// members. An error is the decoder's `dataCorrupted` at the document's root, as a document the
/// decoder itself could not read.
struct JSONPruner {
    /// As deep as Foundation's decoder goes.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document(keeping selection: JSONSelection) throws -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(1_024)
        skipWhitespace()
        try value(keeping: selection, depth: 0, into: &output)
        skipWhitespace()
        guard index == bytes.count else { throw unexpected("after the document") }
        return Data(output)
    }

    private mutating func value(keeping selection: JSONSelection, depth: Int, into output: inout [UInt8]) throws {
        guard case .only(let members) = selection, peek == UInt8(ascii: "{") else {
            let start = index
            try skipValue(depth: depth)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            return
        }
        try object(keeping: members, depth: depth + 1, into: &output)
    }

    private mutating func object(keeping members: JSONMembers, depth: Int, into output: inout [UInt8]) throws {
        guard depth <= Self.maximumDepth else { throw tooDeep() }
        index += 1
        output.append(UInt8(ascii: "{"))
        var first = true
        try eachMember(depth: depth) { pruner, keyRange in
            guard let selection = try pruner.selection(in: members, named: keyRange) else {
                try pruner.skipValue(depth: depth)
                return
            }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(contentsOf: UnsafeBufferPointer(rebasing: pruner.bytes[keyRange]))
            output.append(UInt8(ascii: ":"))
            try pruner.value(keeping: selection, depth: depth, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// The selection of the member whose name is at `range` (quotes included); a name written
    /// with escapes is read by the decoder first, as rare as that is.
    private func selection(in members: JSONMembers, named range: Range<Int>) throws -> JSONSelection? {
        let inner = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        guard inner.contains(UInt8(ascii: "\\")) else { return members.selection(named: inner) }
        let name = Array(try JSONDecoder().decode(String.self, from: Data(bytes[range])).utf8)
        return name.withUnsafeBufferPointer { members.selection(named: $0) }
    }

    /// Walks an object's members from after its `{` to after its `}`, calling `member` with each
    /// key's range (quotes included) when the reader stands at the member's value.
    private mutating func eachMember(depth: Int, _ member: (inout JSONPruner, Range<Int>) throws -> Void) throws {
        guard hasElements(closedBy: UInt8(ascii: "}")) else { return }
        repeat {
            guard peek == UInt8(ascii: "\"") else { throw unexpected("where a member's name was expected") }
            let keyStart = index
            try skipString()
            let keyRange = keyStart..<index
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw unexpected("where ':' was expected") }
            index += 1
            skipWhitespace()
            try member(&self, keyRange)
        } while try continues(closedBy: UInt8(ascii: "}"))
    }

    /// After an object's `{` or an array's `[`: `false` (and past it) when `closing` follows at once.
    private mutating func hasElements(closedBy closing: UInt8) -> Bool {
        skipWhitespace()
        guard peek == closing else { return true }
        index += 1
        return false
    }

    /// After an element: `true` (and at the next one) when a `,` follows, `false` (and past it)
    /// when `closing` does.
    private mutating func continues(closedBy closing: UInt8) throws -> Bool {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: ","):
            index += 1
            skipWhitespace()
            return true
        case closing:
            index += 1
            return false
        default:
            throw unexpected("where ',' or '\(Character(UnicodeScalar(closing)))' was expected")
        }
    }

    private mutating func skipValue(depth: Int) throws {
        guard let byte = peek else { throw unexpectedEnd() }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw tooDeep() }
            index += 1
            try eachMember(depth: depth + 1) { pruner, _ in try pruner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw tooDeep() }
            index += 1
            try skipArrayElements(depth: depth + 1)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try skipLiteral("true")
        case UInt8(ascii: "f"): try skipLiteral("false")
        case UInt8(ascii: "n"): try skipLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw unexpected("where a value was expected")
        }
    }

    private mutating func skipArrayElements(depth: Int) throws {
        guard hasElements(closedBy: UInt8(ascii: "]")) else { return }
        repeat {
            try skipValue(depth: depth)
        } while try continues(closedBy: UInt8(ascii: "]"))
    }

    private mutating func skipString() throws {
        index += 1
        while index < bytes.count {
            skipPlainWords()
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                try skipEscape()
            case 0..<0x20:
                throw unexpected("in a string (control characters must be escaped)")
            default:
                index += 1
            }
        }
        throw unexpectedEnd()
    }

    /// Skips eight bytes at a time while none of them ends a string, starts an escape or is a
    /// control character (strings are most of a payload's bytes).
    private mutating func skipPlainWords() {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            let control = (word &- ones &* 0x20) & ~word & highs != 0
            if control || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return }
            index += 8
        }
    }

    private mutating func skipEscape() throws {
        index += 1
        switch peek {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            index += 1
            for _ in 0..<4 {
                guard let digit = peek, digit.isHexDigit else { throw unexpected("in a \\u escape") }
                index += 1
            }
        default:
            throw unexpected("after '\\' in a string")
        }
    }

    private mutating func skipLiteral(_ literal: StaticString) throws {
        let text = UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard index + text.count <= bytes.count, bytes[index..<(index + text.count)].elementsEqual(text) else {
            throw unexpected("where a value was expected")
        }
        index += text.count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func skipNumber() throws {
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else {
            try skipDigits()
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            try skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            try skipDigits()
        }
    }

    private mutating func skipDigits() throws {
        guard let first = peek, first.isDigit else { throw unexpected("in a number") }
        while let digit = peek, digit.isDigit { index += 1 }
    }

    private mutating func skipWhitespace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func unexpected(_ place: String) -> DecodingError {
        guard let byte = peek else { return unexpectedEnd() }
        let shown = (0x21..<0x7F).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return corrupted("Unexpected \(shown) at offset \(index), \(place).")
    }

    private func unexpectedEnd() -> DecodingError { corrupted("Unexpected end of the document at offset \(index).") }

    private func tooDeep() -> DecodingError { corrupted("Nested deeper than \(Self.maximumDepth) levels at offset \(index).") }

    private func corrupted(_ description: String) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: description))
    }
}

private extension UInt8 {
    var isDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    var isHexDigit: Bool {
        isDigit || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
