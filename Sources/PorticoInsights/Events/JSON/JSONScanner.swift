import PorticoCore

/// Why a body is not JSON, and where (a byte offset).
struct JSONSyntaxError: Error, Sendable, Equatable {
    let reason: String
    let offset: Int

    var description: String { "\(reason) at byte \(offset)." }
}

/// A strict RFC 8259 reader over a body's bytes, for the one body that is read at ingestion rates
/// (a batch of events): it checks the whole text while the caller takes the values it wants,
/// with no intermediate tree. Never traps on any input: every read is bounds-checked, nesting is
/// capped, and a failure is a `JSONSyntaxError`.
struct JSONScanner {
    /// Foundation's `JSONDecoder` refuses deeper documents too.
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset = 0
    private var depth = 0
    /// Numbers that are valid JSON but no `Double` (`1e400`, `1e-400`): read as NaN and counted,
    /// so the event holding them is rejected instead of the whole batch.
    private(set) var unrepresentableNumbers = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark, as Foundation's decoder skips it.
        if bytes.count >= 3, bytes[0] == 0xef, bytes[1] == 0xbb, bytes[2] == 0xbf { offset = 3 }
    }

    func failure(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, offset: offset)
    }

    /// The next byte that is not whitespace, not consumed.
    mutating func peek() throws(JSONSyntaxError) -> UInt8 {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("Unexpected end of the body") }
        return bytes[offset]
    }

    /// Only whitespace is left.
    mutating func expectEnd() throws(JSONSyntaxError) {
        skipWhitespace()
        guard offset == bytes.count else { throw failure("Unexpected text after the JSON value") }
    }

    // MARK: Objects and arrays

    /// Reads the next member's key of the object opened by `beginObject`, leaving its value to be
    /// read; nil once the object is closed. `index` is how many members were read before.
    mutating func nextKey(index: Int) throws(JSONSyntaxError) -> String? {
        guard try separator(index: index, close: UInt8(ascii: "}")) else { return nil }
        guard try peek() == UInt8(ascii: "\"") else { throw failure("Expected a key in quotes") }
        let key = try readString()
        guard try peek() == UInt8(ascii: ":") else { throw failure("Expected ':' after a key") }
        offset += 1
        return key
    }

    /// Whether the array opened by `beginArray` has another element (left to be read).
    mutating func nextElement(index: Int) throws(JSONSyntaxError) -> Bool {
        try separator(index: index, close: UInt8(ascii: "]"))
    }

    mutating func beginObject() throws(JSONSyntaxError) { try open(UInt8(ascii: "{")) }
    mutating func beginArray() throws(JSONSyntaxError) { try open(UInt8(ascii: "[")) }

    private mutating func open(_ bracket: UInt8) throws(JSONSyntaxError) {
        guard try peek() == bracket else { throw failure("Expected '\(Character(Unicode.Scalar(bracket)))'") }
        guard depth < Self.maximumDepth else { throw failure("Nested deeper than \(Self.maximumDepth) levels") }
        depth += 1
        offset += 1
    }

    private mutating func separator(index: Int, close: UInt8) throws(JSONSyntaxError) -> Bool {
        let next = try peek()
        if next == close {
            offset += 1
            depth -= 1
            return false
        }
        if index > 0 {
            guard next == UInt8(ascii: ",") else { throw failure("Expected ',' or '\(Character(Unicode.Scalar(close)))'") }
            offset += 1
        }
        return true
    }

    // MARK: Any value

    /// The next value as a tree. An object's repeated key keeps its first value, as Foundation's
    /// decoder did when the fingerprints now stored were made.
    mutating func readValue() throws(JSONSyntaxError) -> JSONValue {
        switch try peek() {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "{"):
            try beginObject()
            var object: [String: JSONValue] = [:]
            var index = 0
            while let key = try nextKey(index: index) {
                let value = try readValue()
                if object[key] == nil { object[key] = value }
                index += 1
            }
            return .object(object)
        case UInt8(ascii: "["):
            try beginArray()
            var array: [JSONValue] = []
            while try nextElement(index: array.count) { array.append(try readValue()) }
            return .array(array)
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let number = try readNumber() else {
                unrepresentableNumbers += 1
                return .number(.nan)
            }
            return .number(number)
        default:
            throw failure("Expected a JSON value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - offset >= count,
              UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(bytes[offset..<(offset + count)])
        else { throw failure("Expected '\(word)'") }
        offset += count
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0a, 0x0d, 0x09: offset += 1
            default: return
            }
        }
    }

    mutating func advance(by count: Int) { offset += count }
}
