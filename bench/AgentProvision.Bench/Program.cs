using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentProvision.Bench;

/// <summary>
/// Create → synced latency against a running system (./dev.sh up): registers a tenant, creates notebooks at a
/// steady rate, waits until each is synced, and prints percentiles of (synced_at − created_at), both server clocks.
///   dotnet run -c Release --project bench/AgentProvision.Bench -- [--api URL] [--count N] [--rate PER_SECOND]
/// </summary>
public static class Program
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<int> Main(string[] args)
    {
        var api = Argument(args, "--api", "http://127.0.0.1:5080");
        var count = int.Parse(Argument(args, "--count", "300"), System.Globalization.CultureInfo.InvariantCulture);
        var rate = double.Parse(Argument(args, "--rate", "50"), System.Globalization.CultureInfo.InvariantCulture);

        using var http = new HttpClient { BaseAddress = new Uri(api), Timeout = TimeSpan.FromSeconds(30) };
        var email = $"bench-{Guid.NewGuid():N}@example.com";
        using (var register = await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "bench", email, password = "bench-password-1" }))
        {
            register.EnsureSuccessStatusCode();
            var token = await register.Content.ReadFromJsonAsync<Token>(Json);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        }

        Console.WriteLine($"Creating {count} notebooks at {rate}/s against {api} …");
        var interval = TimeSpan.FromSeconds(1 / rate);
        var clock = Stopwatch.StartNew();
        var createLatencies = new List<double>();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var started = clock.Elapsed;
            using var response = await http.PostAsJsonAsync("/api/v1/notebooks", new { name = $"bench {i}", content = $"print({i})" });
            response.EnsureSuccessStatusCode();
            createLatencies.Add((clock.Elapsed - started).TotalMilliseconds);
            ids.Add((await response.Content.ReadFromJsonAsync<Notebook>(Json))!.Id);
            if ((i + 1) % 50 == 0)
            {
                Console.WriteLine($"  created {i + 1}/{count}");
            }
        }

        var syncLatencies = new List<double>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        foreach (var id in ids)
        {
            while (true)
            {
                var notebook = await http.GetFromJsonAsync<Notebook>($"/api/v1/notebooks/{id}", Json);
                if (notebook!.Sync.Status == "synced" && notebook.Sync.SyncedAt is { } syncedAt)
                {
                    syncLatencies.Add((syncedAt - notebook.CreatedAt).TotalMilliseconds);
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Console.Error.WriteLine($"Notebook {id} not synced within 2 minutes (status {notebook.Sync.Status}); is the worker running?");
                    return 1;
                }

                await Task.Delay(20);
            }
        }

        Console.WriteLine();
        Print("POST /api/v1/notebooks (client-side)", createLatencies);
        Print("create → synced (server clocks)", syncLatencies);
        return 0;
    }

    private static void Print(string title, List<double> samples)
    {
        samples.Sort();
        double P(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
        Console.WriteLine($"{title}: n={samples.Count} p50={P(0.50):F1} ms p90={P(0.90):F1} ms p99={P(0.99):F1} ms max={samples[^1]:F1} ms");
    }

    private static string Argument(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private sealed record Token(string AccessToken);

    private sealed record Sync(string Status, DateTimeOffset? SyncedAt);

    private sealed record Notebook(Guid Id, DateTimeOffset CreatedAt, Sync Sync);
}
