using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AgentProvision.ChaosHarness.Load;

/// <summary>
/// The clients: registers the tenants, initializes each tenant's catalog, then sends the plan's creates (and the runs
/// of their targets) with bounded concurrency, paced over a minimum duration. Only 2xx answers become
/// <see cref="AcceptedResource"/>s.
/// </summary>
public sealed class LoadGenerator(Uri api, ChaosOptions options, Action<string> log)
{
    private readonly ConcurrentBag<AcceptedResource> accepted = [];
    private readonly HttpClient http = PatientClient.NewHttp(api);
    private int finished;
    private int sentItems;
    private int items = 1;

    public ClientStats Stats { get; } = new();

    public IReadOnlyCollection<AcceptedResource> Accepted => accepted;

    /// <summary>Resources whose request has ended, accepted or not.</summary>
    public int Finished => Volatile.Read(ref finished);

    /// <summary>How far the load has got: items (a catalog, or a create with its run) let through, 0..1.</summary>
    public double Sent => (double)Volatile.Read(ref sentItems) / Volatile.Read(ref items);

    /// <param name="released">Completes when the resource at a position (0..1 of the load) may be sent: the chaos schedule's gate.</param>
    public async Task RunAsync(LoadPlan plan, Func<double, CancellationToken, Task> released, CancellationToken cancellationToken)
    {
        var client = new PatientClient(http, Stats, options.ClientRetryBudget);
        var tenants = await RegisterTenantsAsync(client, plan.Tenants, cancellationToken);
        var started = DateTime.UtcNow;
        // One item per tenant (its catalog) and per create; a create's run goes right after it, inside the same item.
        Volatile.Write(ref items, plan.Tenants + plan.Creates.Count);
        var slot = options.MinimumLoadDuration / items;
        var next = 0;

        await Parallel.ForEachAsync(
            tenants.Select(t => (Create: (PlannedCreate?)null, Tenant: t))
                .Concat(plan.Creates.Select(c => (Create: (PlannedCreate?)c, Tenant: tenants[c.TenantIndex]))),
            new ParallelOptions { MaxDegreeOfParallelism = options.ClientConcurrency, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                // Pacing: the n-th resource starts no earlier than n slots after the start, and not before the chaos allows.
                var position = Interlocked.Increment(ref next);
                await released((double)position / items, token);
                var due = started + (slot * position);
                if (due > DateTime.UtcNow)
                {
                    await Task.Delay(due - DateTime.UtcNow, token);
                }

                Interlocked.Increment(ref sentItems);

                if (item.Create is null)
                {
                    await InitializeCatalogAsync(client, item.Tenant, token);
                }
                else
                {
                    await CreateAsync(client, item.Create, item.Tenant, token);
                }
            });
    }

    private async Task<List<Tenant>> RegisterTenantsAsync(PatientClient client, int count, CancellationToken cancellationToken)
    {
        var tenants = new List<Tenant>();
        for (var i = 0; i < count; i++)
        {
            var email = $"chaos-{Guid.NewGuid():N}@example.com";
            var body = await client.SendAsync(() => Json(HttpMethod.Post, "/api/v1/auth/register",
                new { tenant_name = $"Chaos tenant {i}", email, password = "chaos-password-1", full_name = "Chaos" }), null, cancellationToken)
                ?? throw new InvalidOperationException($"Could not register a tenant: {Stats.LastRejection}");
            tenants.Add(new Tenant(body.GetProperty("tenant_id").GetGuid(), body.GetProperty("access_token").GetString()!));
        }

        log($"registered {count} tenants");
        return tenants;
    }

    private async Task InitializeCatalogAsync(PatientClient client, Tenant tenant, CancellationToken cancellationToken)
    {
        var body = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "/api/v1/databricks/initialize"), tenant.Token, cancellationToken);
        Record(body is null ? null : new AcceptedResource(ResourceKind.Catalog, tenant.Id, tenant.Id));
    }

    private async Task CreateAsync(PatientClient client, PlannedCreate create, Tenant tenant, CancellationToken cancellationToken)
    {
        var name = $"chaos-{Guid.NewGuid():N}"[..18];
        var (request, route) = create.Kind switch
        {
            ResourceKind.Dataset => ((Func<HttpRequestMessage>)(() => Upload(name)), "datasets"),
            ResourceKind.Notebook => (() => Json(HttpMethod.Post, "/api/v1/notebooks", new { name, language = "PYTHON", content = $"print('{name}')" }), "notebooks"),
            ResourceKind.Pipeline => (() => Json(HttpMethod.Post, "/api/v1/data_pipelines", new { name, config = PipelineConfig(name) }), "data_pipelines"),
            _ => throw new ArgumentOutOfRangeException(nameof(create), create.Kind, null),
        };

        var body = await client.SendAsync(request, tenant.Token, cancellationToken);
        var resource = body is null ? null : new AcceptedResource(create.Kind, body.Value.GetProperty("id").GetGuid(), tenant.Id);
        Record(resource);
        if (!create.RunAfterwards)
        {
            return;
        }

        if (resource is null)
        {
            Interlocked.Increment(ref finished); // its run is never asked for; it counts as ended
            return;
        }

        // The original client's routes: a notebook is executed, a pipeline is run.
        var action = create.Kind == ResourceKind.Notebook ? "execute" : "run";
        var run = await client.SendAsync(
            () => Json(HttpMethod.Post, $"/api/v1/{route}/{resource.Id}/{action}", new { parameters = new { chaos = name } }), tenant.Token, cancellationToken);
        Record(run is null ? null : new AcceptedResource(ResourceKind.Run, run.Value.GetProperty("id").GetGuid(), tenant.Id, resource.Id, create.Kind));
    }

    private void Record(AcceptedResource? resource)
    {
        if (resource is not null)
        {
            accepted.Add(resource);
        }

        Interlocked.Increment(ref finished);
    }

    /// <summary>A small CSV of three types, so the upload goes through type inference and Parquet like any other.</summary>
    private static HttpRequestMessage Upload(string name)
    {
        var csv = new StringBuilder("region,amount,sold_at\n");
        for (var i = 0; i < 20; i++)
        {
            csv.Append(i % 2 == 0 ? "north" : "south").Append(',').Append(i * 1.5).Append(",2026-11-").Append((i % 28) + 1).Append('\n');
        }

        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString())), "file", $"{name}.csv" },
        };
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/datasets/upload") { Content = form };
    }

    private static object PipelineConfig(string name) => new
    {
        tasks = new object[]
        {
            new { name = "extract", type = "notebook", depends_on = Array.Empty<string>(), config = new { notebook_path = $"/Shared/chaos/{name}" } },
            new { name = "report", type = "sql", depends_on = new[] { "extract" }, config = new { query = "SELECT 1", warehouse_id = "wh-chaos" } },
        },
    };

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web)) };

    private sealed record Tenant(Guid Id, string Token);
}
