// Each fixture starts its own API on a database of its own, so fixtures run side by side; the tests inside one fixture
// share that database and run one after another. Three at a time keeps a two-core machine busy without starving the
// fixtures that wait on timers. A fixture that shares something process-wide (a port, a file, environment variables,
// static state, GC or allocation measurements, wall-clock bounds) is marked [NonParallelizable] and runs alone.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(3)]
