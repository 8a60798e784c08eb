using System.Net.Http.Json;
using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class TraceIntrospectionTests
{
    [Fact]
    public async Task Traces_lists_the_traceparent_of_the_latest_calls_per_operation_newest_first_until_a_reset()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        const string first = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        const string second = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        foreach (var traceParent in new[] { first, second })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ConnectorRoutes.Catalogs)
            {
                Content = JsonContent.Create(new CreateCatalogRequest(ConnectorCalls.NewTenant(), "Sales", "Catalog"), options: ConnectorJson.Options),
            };
            request.Headers.Add("traceparent", traceParent);
            (await emulator.Http.SendAsync(request)).EnsureSuccessStatusCode();
        }

        await emulator.Http.CatalogStatusAsync(ConnectorCalls.NewTenant()); // no traceparent: not recorded

        var traces = await TracesAsync(emulator.Http);
        Assert.Equal([second, first], traces["catalogs.create"]);
        Assert.False(traces.ContainsKey("catalogs.status"));

        (await emulator.Http.PostAsync("/_emulator/reset", null)).EnsureSuccessStatusCode();
        Assert.Empty(await TracesAsync(emulator.Http));
    }

    private static async Task<Dictionary<string, List<string>>> TracesAsync(HttpClient http)
    {
        using var body = JsonDocument.Parse(await http.GetStringAsync("/_emulator/traces"));
        return body.RootElement.GetProperty("traces").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToList());
    }
}
