using System.Globalization;

namespace AgentProvision.ScaleOutBench;

/// <summary>
/// The machine's CPU time from /proc/stat, the workers' and this process's from /proc/&lt;pid&gt;/stat, to say what a
/// round was bound by: what is busy and not ours is PostgreSQL, RabbitMQ, and whatever else shares the machine.
/// </summary>
internal sealed record CpuSample(long Busy, long Total, long Workers, long Bench, long Postgres, long Broker)
{
    /// <param name="database">PostgreSQL's backends serving this database are found by it (their command line names it).</param>
    /// <param name="brokerPid">RabbitMQ's Erlang VM, when known (bench/scale-out.sh passes it).</param>
    public static CpuSample Take(IEnumerable<int> workerPids, string database, int? brokerPid)
    {
        // "cpu  user nice system idle iowait irq softirq steal …" in clock ticks, all cores together.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Take(8).Sum();
        return new CpuSample(total - idle, total, workerPids.Sum(ProcessTicks), ProcessTicks(Environment.ProcessId),
            PostgresBackends(database).Sum(ProcessTicks), brokerPid is { } broker ? ProcessTicks(broker) : 0);
    }

    /// <summary>Share of all cores busy between two samples (1.0 = every core busy the whole time).</summary>
    public static double BusyShare(CpuSample before, CpuSample after) =>
        (double)(after.Busy - before.Busy) / Math.Max(1, after.Total - before.Total);

    /// <summary>A part of all cores' time between two samples: the workers', this process's (the emulator runs in it), …</summary>
    public static double Share(CpuSample before, CpuSample after, Func<CpuSample, long> part) =>
        (double)(part(after) - part(before)) / Math.Max(1, after.Total - before.Total);

    private static IEnumerable<int> PostgresBackends(string database)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string command;
            try
            {
                command = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (command.StartsWith("postgres: ", StringComparison.Ordinal) && command.Contains($" {database} ", StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static long ProcessTicks(int pid)
    {
        try
        {
            // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after its ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
