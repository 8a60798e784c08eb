// Dataset benchmarks: `ingest` (CSV → Parquet beside DuckDB's own COPY) and `query` (local sandbox latency).
using AgentProvision.DatasetBench;

return args.FirstOrDefault() switch
{
    "ingest" => await IngestBench.RunAsync(args[1..]),
    "query" => await QueryBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/AgentProvision.DatasetBench -- ingest|query [options]");
    return 2;
}
