// API specs drive the real app against a real database (SQLite file or PostgreSQL) on a 2-core CI machine, where
// a spec making a few dozen requests can take more than Jasmine's default 5 s without anything being wrong.
// A hang still fails, after 20 s. Speed is measured by the benchmarks (bench/), never by test timeouts.
jasmine.DEFAULT_TIMEOUT_INTERVAL = 20_000;
