import PorticoCore
import Testing

@Suite struct SecretTokenTests {
    @Test func generatedTokensParseAndCarryTheirLookupID() throws {
        let token = SecretToken.generate(.apiKey)
        #expect(token.value.hasPrefix("pk_live_"))
        let parsed = try #require(SecretToken(parsing: token.value, as: .apiKey))
        #expect(parsed.lookupID == token.lookupID)
        #expect(parsed.matches(storedHash: token.hash))
        #expect(SecretToken(parsing: token.value, as: .operatorToken) == nil)
    }

    @Test func checksumCatchesTyposWithoutALookup() {
        let token = SecretToken.generate(.apiKey).value
        var characters = Array(token)
        let index = characters.count / 2
        characters[index] = characters[index] == "a" ? "b" : "a"
        #expect(SecretToken(parsing: String(characters), as: .apiKey) == nil)
        #expect(SecretToken(parsing: token + "x", as: .apiKey) == nil)
        #expect(SecretToken(parsing: token.replacingOccurrences(of: "pk_live_", with: "pk_test_"), as: .apiKey) == nil)
    }

    @Test func differentTokensDoNotMatchEachOthersHash() {
        let first = SecretToken.generate(.operatorToken)
        let second = SecretToken.generate(.operatorToken)
        #expect(!first.matches(storedHash: second.hash))
        #expect(!first.matches(storedHash: []))
    }
}

@Suite struct SlugTests {
    @Test(arguments: ["acme", "acme-inc", "a1b", String(repeating: "x", count: 40)])
    func validSlugs(_ slug: String) throws {
        #expect(try Slug(validating: slug).value == slug)
    }

    @Test(arguments: ["ab", "-acme", "acme-", "ACME", "acme_inc", "admin", "api", "www", "ac me", "açme", String(repeating: "x", count: 41)])
    func invalidSlugs(_ slug: String) {
        #expect(throws: Slug.Problem.self) { try Slug(validating: slug) }
    }
}
