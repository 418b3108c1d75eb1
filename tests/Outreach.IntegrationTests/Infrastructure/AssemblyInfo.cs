// Test classes run in parallel (xunit's default), each on its own DevHostFixture with its own storage name prefix;
// four at a time keeps a 2-core machine busy without thrashing while tests wait on Azurite and HTTP.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 4)]

// `dotnet test --filter Category=Integration`; the classes that drive Chromium are also Category=Browser.
[assembly: AssemblyTrait("Category", "Integration")]
