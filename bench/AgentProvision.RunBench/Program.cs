// Runs against a running system (./dev.sh up): how fast run requests are submitted to Databricks, and what the run
// status poller costs with many active runs, beside the idle system's own figures from the same run.
//   dotnet run -c Release --project bench/AgentProvision.RunBench -- [--runs 10000] [--concurrency 16] [--window 20]
using AgentProvision.RunBench;

return await RunBenchmark.RunAsync(BenchSettings.Parse(args));
