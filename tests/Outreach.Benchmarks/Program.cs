using BenchmarkDotNet.Running;
using Outreach.Benchmarks.Audiences;
using Outreach.Benchmarks.Campaigns;
using Outreach.Benchmarks.TeamConsole;

// `dotnet run -c Release --project tests/Outreach.Benchmarks -- delivery [--sizes 10000,100000] [--naive 10000]`:
// the campaign pipeline end to end (Azurite, queues, fake SendGrid; see docs/delivery.md).
if (args.FirstOrDefault() == DeliveryBenchmark.Verb) return await DeliveryBenchmark.MainAsync(args[1..]);

// `dotnet run -c Release --project tests/Outreach.Benchmarks -- shards [--recipients 100000] [--shards 1,2,4,8,16,32]`: a
// SIMULATION (modelled per-partition storage rate, real merge and manifests) of planning with audiences sharded by key hash.
if (args.FirstOrDefault() == ShardedPlanningSimulation.Verb) return await ShardedPlanningSimulation.MainAsync(args[1..]);

// `dotnet run -c Release --project tests/Outreach.Benchmarks -- imports [--lines 20000] [--sync 2000]`: import throughput
// through the job API and the synchronous route (see docs/audiences.md).
if (args.FirstOrDefault() == ImportBenchmark.Verb) return await ImportBenchmark.MainAsync(args[1..]);

// `dotnet run -c Release --project tests/Outreach.Benchmarks -- console [--subscribers 10000] [--screenshots docs/images]`:
// the console's first load in headless Chromium and each screen's admin API data with 10,000 subscribers (docs/console.md).
if (args.FirstOrDefault() == ConsoleBenchmark.Verb) return await ConsoleBenchmark.MainAsync(args[1..]);

// Otherwise the benchmarks of this assembly: `dotnet run -c Release --project tests/Outreach.Benchmarks -- --filter '*'`
// (add `--job short` for a quick run). Not run by CI; figures go to README / docs as ratios from one run.
BenchmarkSwitcher.FromAssembly(typeof(DeliveryBenchmark).Assembly).Run(args);
return 0;
