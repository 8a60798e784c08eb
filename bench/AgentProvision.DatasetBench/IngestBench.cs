using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentProvision.Datasets.Ingest;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace AgentProvision.DatasetBench;

/// <summary>
/// CSV → Parquet throughput and peak memory of <see cref="CsvIngest"/> beside DuckDB's own <c>COPY</c> on the same
/// file. Each run is a child process (this executable again, with the hidden <c>--child</c> option), so the peak RSS
/// it reports from <c>/proc/self/status</c> (VmHWM) is that run's alone.
/// <code>dotnet run -c Release --project bench/AgentProvision.DatasetBench -- ingest [--size-mb 1024] [--dir /tmp/x] [--keep]</code>
/// </summary>
internal static class IngestBench
{
    private const double ThroughputGoal = 0.3;
    private const double MemoryGoalMb = 300;
    private const string ResultPrefix = "RESULT ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "--child")
        {
            return await RunChildAsync(args[1..]);
        }

        var sizeMb = 1024;
        var dir = Path.Combine(Path.GetTempPath(), "agentprovision-ingest-bench");
        var keep = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size-mb": sizeMb = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--keep": keep = true; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; usage: ingest [--size-mb 1024] [--dir /tmp/x] [--keep]");
                    return 2;
            }
        }

        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, $"ingest-{sizeMb}mb.csv");
        var rows = EnsureCsv(csv, (long)sizeMb << 20);
        var bytes = new FileInfo(csv).Length;
        Console.WriteLine($"CSV: {csv}, {bytes / 1e6:F0} MB, {rows:N0} rows, {Environment.ProcessorCount} cores");
        try
        {
            var ours = RunChild("ours", csv, Path.Combine(dir, "ours.parquet"));
            var duck = RunChild("duckdb", csv, Path.Combine(dir, "duckdb.parquet"));
            if (ours is null || duck is null)
            {
                return 1;
            }

            Console.WriteLine();
            Console.WriteLine($"{"run",-8} {"seconds",8} {"MB/s",8} {"rows/s",12} {"peak RSS MB",12} {"parquet MB",11} {"CPU s",7}");
            foreach (var r in new[] { ours, duck })
            {
                Console.WriteLine($"{r.Name,-8} {r.Seconds,8:F2} {bytes / 1e6 / r.Seconds,8:F1} {r.Rows / r.Seconds,12:N0} {r.PeakRssMb,12:F0} {r.ParquetBytes / 1e6,11:F0} {r.CpuSeconds,7:F1}");
            }

            var ratio = duck.Seconds / ours.Seconds;
            Console.WriteLine($"throughput ours/DuckDB: {ratio:F2}x");
            Console.WriteLine($"goal throughput >= {ThroughputGoal}x DuckDB: {(ratio >= ThroughputGoal ? "PASS" : "MISS")} ({ratio:F2}x)");
            Console.WriteLine($"goal peak memory < {MemoryGoalMb} MB: {(ours.PeakRssMb < MemoryGoalMb ? "PASS" : "MISS")} ({ours.PeakRssMb:F0} MB)");
            if (ours.Rows != rows || duck.Rows != rows)
            {
                Console.WriteLine($"row counts differ: generated {rows}, ours {ours.Rows}, DuckDB {duck.Rows}");
                return 1;
            }

            return 0;
        }
        finally
        {
            if (!keep)
            {
                File.Delete(csv);
                File.Delete(RowsFile(csv));
            }
        }
    }

    private sealed record Run(string Name, double Seconds, long Rows, double PeakRssMb, long ParquetBytes, double CpuSeconds);

    /// <summary>Runs one side in a fresh process and reads the result line it prints.</summary>
    private static Run? RunChild(string which, string csv, string parquet)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        // Started as `dotnet AgentProvision.DatasetBench.dll`: the host needs the assembly again.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(IngestBench).Assembly.Location);
        }

        foreach (var arg in new[] { "ingest", "--child", which, csv, parquet })
        {
            start.ArgumentList.Add(arg);
        }

        Console.WriteLine($"running {which}...");
        using var process = Process.Start(start)!;
        Run? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                var f = line[ResultPrefix.Length..].Split(' ');
                result = new Run(which, Parse(f[0]), long.Parse(f[1], CultureInfo.InvariantCulture), Parse(f[2]), long.Parse(f[3], CultureInfo.InvariantCulture), Parse(f[4]));
            }
            else
            {
                Console.WriteLine($"  {line}");
            }
        }

        process.WaitForExit();
        if (process.ExitCode != 0 || result is null)
        {
            Console.Error.WriteLine($"{which} failed with exit code {process.ExitCode}");
            return null;
        }

        return result;
    }

    private static double Parse(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The child: one conversion, timed, then its peak RSS; the Parquet output is deleted.</summary>
    private static async Task<int> RunChildAsync(string[] args)
    {
        var (which, csv, parquet) = (args[0], args[1], args[2]);
        var watch = Stopwatch.StartNew();
        long rows;
        if (which == "ours")
        {
            await using var input = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var limits = new IngestLimits { MaxBytes = long.MaxValue, ProgressInterval = TimeSpan.FromSeconds(5) };
            var result = await CsvIngest.WriteParquetAsync(input, parquet, limits, new ConsoleLogger(), CancellationToken.None);
            rows = result.RowCount;
        }
        else
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{csv.Replace("'", "''", StringComparison.Ordinal)}')) TO '{parquet.Replace("'", "''", StringComparison.Ordinal)}' (FORMAT parquet)";
            rows = command.ExecuteNonQuery();
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var size = new FileInfo(parquet).Length;
        File.Delete(parquet);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ResultPrefix}{seconds:F3} {rows} {PeakRssMb():F1} {size} {cpu:F2}"));
        return 0;
    }

    private static double PeakRssMb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static string RowsFile(string csv) => csv + ".rows";

    /// <summary>
    /// Writes the CSV once (reused while present): an integer id, a float amount (some empty), a boolean, an ISO
    /// timestamp, a short string, and a quoted string with a comma (a few with a non-ASCII letter). Returns its rows.
    /// </summary>
    private static long EnsureCsv(string path, long size)
    {
        if (File.Exists(path) && File.Exists(RowsFile(path)))
        {
            return long.Parse(File.ReadAllText(RowsFile(path)), CultureInfo.InvariantCulture);
        }

        Console.WriteLine($"generating {path}...");
        string[] words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "café"];
        var random = new Random(42);
        var epoch = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var line = new byte[256];
        long rows = 0;
        using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            output.Write("id,amount,flag,created_at,name,note\n"u8);
            while (output.Position < size)
            {
                rows++;
                var n = 0;
                Append(line, ref n, rows);
                line[n++] = (byte)',';
                if (random.Next(100) != 0)
                {
                    Utf8Formatter.TryFormat(random.Next(0, 10_000_000) / 100.0, line.AsSpan(n), out var w, new StandardFormat('F', 2));
                    n += w;
                }

                line[n++] = (byte)',';
                n += Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "true" : "false", line.AsSpan(n));
                line[n++] = (byte)',';
                epoch.AddSeconds(random.Next(0, 366 * 86_400)).TryFormat(line.AsSpan(n), out var t, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                n += t;
                line[n++] = (byte)',';
                n += Encoding.UTF8.GetBytes(words[random.Next(words.Length - 1)], line.AsSpan(n));
                line[n++] = (byte)'_';
                Append(line, ref n, random.Next(1000));
                n += Encoding.UTF8.GetBytes(",\"", line.AsSpan(n));
                n += Encoding.UTF8.GetBytes(words[random.Next(words.Length)], line.AsSpan(n));
                n += Encoding.UTF8.GetBytes(", ", line.AsSpan(n));
                n += Encoding.UTF8.GetBytes(words[random.Next(words.Length - 1)], line.AsSpan(n));
                line[n++] = (byte)' ';
                Append(line, ref n, random.Next(100_000));
                n += Encoding.UTF8.GetBytes("\"\n", line.AsSpan(n));
                output.Write(line, 0, n);
            }
        }

        File.WriteAllText(RowsFile(path), rows.ToString(CultureInfo.InvariantCulture));
        return rows;
    }

    private static void Append(byte[] line, ref int n, long value)
    {
        Utf8Formatter.TryFormat(value, line.AsSpan(n), out var written);
        n += written;
    }

    /// <summary>Progress and summary lines of the ingest, to stdout.</summary>
    private sealed class ConsoleLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.WriteLine($"[{logLevel}] {formatter(state, exception)}");
    }
}
