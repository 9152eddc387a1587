import PostgresNIO

extension EntityReader {
    /// Lets the rest of this read transaction count with parallel workers. A facet under a filter
    /// that matches a third of a 100,000-entity catalog reads 100,000 search rows or more, which
    /// two workers split (75 → 50 ms p50 on two busy cores); PostgreSQL's default setup cost keeps
    /// the planner from using them there. Small tenants stay serial: the planner still weighs the
    /// cost, and an index below `min_parallel_index_scan_size` gets no workers. When the server's
    /// `max_parallel_workers` are all busy the statement runs serially.
    func allowParallelCounting() async throws {
        try await connection.checkedQuery("SELECT set_config('parallel_setup_cost', '10', true)", logger: logger)
    }
}
