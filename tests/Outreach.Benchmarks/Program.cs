using BenchmarkDotNet.Running;

// Runs the benchmarks of this assembly: `dotnet run -c Release --project tests/Outreach.Benchmarks -- --filter '*'`
// (add `--job short` for a quick run). Not run by CI; figures go to README / docs as ratios from one run.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
