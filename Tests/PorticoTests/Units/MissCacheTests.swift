import Testing
@testable import PorticoProvisioning

/// Unknown lookup ids are remembered briefly, in a structure of their own with its own bound.
@Suite struct MissCacheTests {
    @Test func missesExpireAndStayBounded() {
        var misses = MissCache()
        let start = ContinuousClock.now
        misses.insert("a", now: start)
        #expect(misses.contains("a", now: start + .seconds(1)))
        #expect(!misses.contains("a", now: start + MissCache.maximumAge))
        #expect(!misses.contains("b", now: start))

        for index in 0..<(MissCache.maximumEntries + 10) { misses.insert("id\(index)", now: start) }
        #expect(misses.count <= MissCache.maximumEntries)
        #expect(misses.contains("id\(MissCache.maximumEntries + 9)", now: start), "the newest miss is kept")
    }
}
