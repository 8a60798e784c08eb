using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Observability;

public sealed class TraceTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task The_trace_of_the_create_request_reaches_the_connector_through_the_outbox_and_the_broker()
    {
        var tenant = await NewTenantAsync();
        var traceId = Guid.NewGuid().ToString("N");
        const string callerSpan = "b7ad6b7169203331";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/notebooks")
        {
            Content = JsonContent.Create(new { name = "traced", content = "print(1)", language = "PYTHON" }, options: Wire.Json),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await tenant.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<NotebookDto>(Wire.Json))!;
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        // The outbox row carries the request's trace (API side)…
        await using (var db = Fixture.NewDbContext())
        {
            var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ResourceId == created.Id);
            Assert.Equal(traceId, TraceIdOf(row.TraceParent));
        }

        // …and the worker's connector call is in the same trace, as a descendant (not the caller's span itself).
        using var emulator = new HttpClient { BaseAddress = Fixture.EmulatorUri };
        using var traces = JsonDocument.Parse(await emulator.GetStringAsync("/_emulator/traces"));
        var creates = traces.RootElement.GetProperty("traces").GetProperty("notebooks.create").EnumerateArray().Select(e => e.GetString()!).ToList();
        var ours = creates.Where(t => TraceIdOf(t) == traceId).ToList();
        Assert.True(ours.Count > 0, $"no notebooks.create call in trace {traceId}; recorded: {string.Join(", ", creates)}\n{WorkerLog()}");
        Assert.All(ours, t => Assert.NotEqual(callerSpan, t.Split('-')[2]));
    }

    private static string? TraceIdOf(string? traceParent) => traceParent?.Split('-') is [_, var traceId, _, _] ? traceId : null;
}
