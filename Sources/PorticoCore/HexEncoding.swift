extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits per byte (digests, checksums). `String(format:)` per
    /// byte costs more than the hash itself on hot paths.
    public var hexEncoded: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
