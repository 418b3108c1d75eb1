// Test classes run in parallel (xunit's default), each on its own DevHostFactory with its own storage name prefix;
// four at a time keeps a 2-core machine busy without thrashing while tests wait on Azurite and HTTP.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 4)]
