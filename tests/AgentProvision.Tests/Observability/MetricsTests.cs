namespace AgentProvision.Tests.Observability;

public sealed class MetricsTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Worker_metrics_show_the_synced_notebook_its_connector_call_the_closed_circuit_the_outbox_and_the_queue()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);
        var worker = Assert.Single(Fixture.Workers, w => !w.HasExited);
        Assert.NotNull(worker.Url);
        using var http = new HttpClient();
        var syncQueue = $"{Fixture.RabbitPrefix}-resource-sync"; // MassTransit's kebab-case name under the run's prefix

        // The backlog and queue gauges are sampled every few seconds: wait until a sample shows the queue's consumer.
        var samples = await ScrapeUntilAsync(http, worker.Url,
            s => s.Any(x => x.Name == "agentprovision_rabbitmq_queue_consumers" && x.Labels.GetValueOrDefault("queue") == syncQueue && x.Value >= 1));

        Assert.True(Value(samples, "agentprovision_syncs_total", ("kind", "notebook"), ("outcome", "synced")) >= 1, Dump(samples));
        Assert.True(Value(samples, "agentprovision_sync_latency_seconds_count", ("kind", "notebook")) >= 1, Dump(samples));
        Assert.Contains(samples, s => s.Name == "agentprovision_sync_latency_seconds_bucket" && s.Labels.ContainsKey("le"));
        var creates = samples.Where(s => s.Name == "agentprovision_connector_calls_total" && s.Labels.GetValueOrDefault("operation") == "notebooks.create").ToList();
        Assert.True(creates.Count > 0, Dump(samples));
        Assert.All(creates, s => Assert.Matches("^([1-5][0-9]{2}|timeout|error)$", s.Labels["status"]));
        Assert.Contains(creates, s => s.Labels["status"].StartsWith('2') && s.Value >= 1);
        // Operations are names, never raw paths with ids.
        Assert.All(samples.Where(s => s.Name == "agentprovision_connector_calls_total"),
            s => Assert.Matches("^[a-z-]+(\\.[a-z_]+)+$|^health$|^other$", s.Labels["operation"]));
        Assert.Equal(0, Value(samples, "agentprovision_connector_circuit_state"));
        Assert.True(Value(samples, "agentprovision_outbox_backlog") >= 0, Dump(samples));
        Assert.True(Value(samples, "agentprovision_outbox_oldest_age_seconds") >= 0, Dump(samples));
        Assert.True(Value(samples, "agentprovision_outbox_parked") >= 0, Dump(samples));
        Assert.True(Value(samples, "agentprovision_rabbitmq_queue_ready", ("queue", syncQueue)) >= 0, Dump(samples));
        Assert.True(Value(samples, "agentprovision_outbox_published_total") >= 1, Dump(samples));
    }

    [Fact]
    public async Task Api_metrics_show_its_requests_by_route_and_its_connector_calls()
    {
        var tenant = await NewTenantAsync();
        await tenant.CreateNotebookAsync();
        var (status, _) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/status");
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        using var http = Fixture.Api.CreateClient();

        var samples = await ScrapeUntilAsync(http, null,
            s => s.Any(x => x.Name == "agentprovision_connector_calls_total"));

        Assert.True(samples.Any(s => s.Name == "http_server_request_duration_seconds_count"
            && s.Labels.GetValueOrDefault("http_route")?.TrimEnd('/') == "/api/v1/notebooks" && s.Labels.GetValueOrDefault("http_request_method") == "POST"),
            string.Join("\n", samples.Where(s => s.Name == "http_server_request_duration_seconds_count")));
        Assert.Contains(samples, s => s.Name == "agentprovision_connector_calls_total"
            && s.Labels.GetValueOrDefault("operation") is "health" or "catalogs.get" && s.Labels.ContainsKey("status"));
        Assert.Equal(0, Value(samples, "agentprovision_connector_circuit_state"));
    }

    private static async Task<List<PrometheusSample>> ScrapeUntilAsync(HttpClient http, Uri? baseAddress, Func<List<PrometheusSample>, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var samples = await PrometheusText.ScrapeAsync(http, baseAddress);
            if (until(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/metrics never showed the expected series:\n{Dump(samples)}");
            await Task.Delay(200);
        }
    }

    private static double Value(List<PrometheusSample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        Assert.True(matching.Count > 0, $"no series {name} with {string.Join(",", labels)}:\n{Dump(samples)}");
        return matching.Sum(s => s.Value);
    }

    private static string Dump(List<PrometheusSample> samples) =>
        string.Join("\n", samples.Where(s => s.Name.StartsWith("agentprovision", StringComparison.Ordinal)));
}
