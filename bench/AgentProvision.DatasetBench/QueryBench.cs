using System.Diagnostics;
using System.Globalization;
using AgentProvision.Datasets.Query;
using DuckDB.NET.Data;

namespace AgentProvision.DatasetBench;

/// <summary>
/// Latency of <see cref="LocalQuerySandbox.Run"/> (a fresh locked-down DuckDB per call) beside the same SQL on one
/// plain DuckDB connection that stays open, over a generated Parquet file of --rows rows.
/// </summary>
internal static class QueryBench
{
    private static (string Name, string Sql, int Limit)[] Queries(int rows) =>
    [
        ("point filter", $"SELECT * FROM dataset WHERE id = {rows / 2}", 1000),
        ("group-by aggregate", "SELECT city, count(*) AS n, avg(amount) AS avg_amount FROM dataset GROUP BY city ORDER BY city", 1000),
        ("order by limit 10", "SELECT id, name, amount FROM dataset ORDER BY amount DESC LIMIT 10", 1000),
        ("select * (limit 100)", "SELECT * FROM dataset", 100),
    ];

    public static Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var iterations = Option(args, "--iterations", 200);
        var directory = Directory.CreateTempSubdirectory("query-bench-");
        try
        {
            var path = Path.Combine(directory.FullName, "dataset.parquet");
            var written = Stopwatch.StartNew();
            WriteParquet(path, rows);
            Console.WriteLine($"dataset: {rows:N0} rows, {new FileInfo(path).Length / 1024.0 / 1024.0:F1} MiB Parquet, written in {written.Elapsed.TotalSeconds:F1} s");

            var limits = new LocalQueryLimits();
            Console.WriteLine($"sandbox: threads {limits.Threads}, memory_limit {limits.MemoryLimit}; baseline: one open connection, same threads, no lockdown");
            Console.WriteLine($"{iterations} iterations after 5 warm-up runs; milliseconds");
            Console.WriteLine();
            Console.WriteLine($"{"query",-22} {"sandbox p50",11} {"p95",7} {"p99",7} {"baseline p50",13} {"p95",7} {"p99",7} {"ratio p50",10} {"rows",6}");

            var sandbox = new LocalQuerySandbox(limits);
            using var baseline = OpenBaseline(path, limits.Threads);
            var queries = Queries(rows);
            foreach (var (name, sql, limit) in queries)
            {
                var query = SqlStatementGuard.Check(sql);
                var answered = 0;
                var sandboxed = Measure(iterations, () => answered = sandbox.Run(path, query, limit, CancellationToken.None).RowCount);
                var plain = Measure(iterations, () => ReadPlain(baseline, sql, limit));
                Console.WriteLine($"{name,-22} {sandboxed[0],11:F2} {sandboxed[1],7:F2} {sandboxed[2],7:F2} {plain[0],13:F2} {plain[1],7:F2} {plain[2],7:F2} {sandboxed[0] / plain[0],9:F1}x {answered,6}");
            }

            var trivial = SqlStatementGuard.Check("SELECT 1");
            var fixedCost = Measure(iterations, () => sandbox.Run(path, trivial, 1, CancellationToken.None));
            var check = Measure(iterations, () => SqlStatementGuard.Check(queries[1].Sql));
            Console.WriteLine();
            Console.WriteLine($"fixed cost per sandboxed call (SELECT 1: open, lock down, view, describe): p50 {fixedCost[0]:F2} p95 {fixedCost[1]:F2} p99 {fixedCost[2]:F2}");
            Console.WriteLine($"SqlStatementGuard.Check (parse via json_serialize_sql + tree walk):         p50 {check[0]:F3} p95 {check[1]:F3} p99 {check[2]:F3}");
            return Task.FromResult(0);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void WriteParquet(string path, int rows)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"""
            COPY (
                SELECT i AS id, 'customer ' || i AS name, ['Oslo', 'Paris', 'Lima', 'Pune', 'Kyiv', 'Quito', 'Accra'][i % 7 + 1] AS city,
                       TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS created_at, round((hash(i) % 100000) / 100.0, 2) AS amount,
                       i % 50 AS category
                FROM range({rows}) t(i)
            ) TO '{path.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)
            """);
    }

    private static DuckDBConnection OpenBaseline(string path, int threads)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"SET threads = {threads}");
        Execute(connection, $"CREATE VIEW dataset AS SELECT * FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}')");
        return connection;
    }

    /// <summary>The baseline reads the same rows the same way: streamed, each value fetched, stopped at the limit.</summary>
    private static int ReadPlain(DuckDBConnection connection, string sql, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        using var reader = command.ExecuteReader();
        var read = 0;
        var values = new object[reader.FieldCount];
        while (read < limit && reader.Read())
        {
            reader.GetValues(values);
            read++;
        }

        return read;
    }

    /// <summary>p50, p95 and p99 in milliseconds.</summary>
    private static double[] Measure(int iterations, Action run)
    {
        for (var i = 0; i < 5; i++)
        {
            run();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            run();
            samples[i] = stopwatch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return [Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99)];
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
