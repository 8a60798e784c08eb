using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace AgentProvision.ScaleBench;

/// <summary>The load tools the bench drives: wrk for the API, pgbench for the database baseline.</summary>
internal static partial class Tools
{
    /// <summary>POSTs one notebook per request for <paramref name="duration"/>; answers the 201s per second.</summary>
    public static async Task<double> WrkCreatesPerSecondAsync(string api, string token, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"scalebench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, $$"""
            wrk.method = "POST"
            wrk.body = '{"name":"bench","language":"PYTHON","content":"print(1)"}'
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer {{token}}"
            """);
        try
        {
            var output = await RunAsync("wrk", $"-t2 -c{connections} -d{(int)duration.TotalSeconds}s -s {script} {api}/api/v1/notebooks", null);
            var rate = double.Parse(WrkRate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var failed = WrkNon2xx().Match(output) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var total = int.Parse(WrkTotal().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            return rate * (total - failed) / Math.Max(1, total);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// The API's create transaction without the API: the notebook row and its outbox row, committed together, in one
    /// round trip, by as many clients as the API had connections. Answers transactions per second.
    /// </summary>
    public static async Task<double> PgbenchCreatesPerSecondAsync(string postgres, Guid tenantId, int clients, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), $"scalebench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, $"""
            WITH notebook AS (
                INSERT INTO notebooks (id, tenant_id, name, language, content, generation, synced_generation, sync_status,
                    sync_attempts, next_attempt_at, metadata_, created_at, updated_at, sync_fence)
                VALUES (gen_random_uuid(), '{tenantId}', 'bench', 'PYTHON', 'print(1)', 1, 0, 'pending', 0,
                    now() + interval '60 seconds', '{"{"}{"}"}', now(), now(), 0)
                RETURNING id, tenant_id)
            INSERT INTO outbox_messages (id, tenant_id, resource_type, resource_id, message_type, payload, created_at, attempts)
            SELECT gen_random_uuid(), tenant_id, 'notebook', id, 'resource.sync-requested',
                jsonb_build_object('Kind', 'notebook', 'TenantId', tenant_id, 'ResourceId', id, 'Generation', 1), now(), 0
            FROM notebook;
            """);
        var builder = new NpgsqlConnectionStringBuilder(postgres);
        try
        {
            var output = await RunAsync("pgbench",
                $"-n -c {clients} -j 2 -T {(int)duration.TotalSeconds} -f {script} -h {builder.Host} -p {builder.Port} -U {builder.Username} {builder.Database}",
                builder.Password);
            return double.Parse(PgbenchTps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<string> RunAsync(string tool, string arguments, string? password)
    {
        var start = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (password is not null)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start; apt-get install -y {tool}");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {arguments} failed ({process.ExitCode}): {error}{output}");
        }

        return output + error;
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRate();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex WrkNon2xx();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex WrkTotal();

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex PgbenchTps();
}
