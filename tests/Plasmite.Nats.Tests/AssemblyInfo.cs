// The tests run one at a time: each starts its own nats-server and CLI processes, and on a 2-core machine
// running them side by side only adds scheduling noise to the crash tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
