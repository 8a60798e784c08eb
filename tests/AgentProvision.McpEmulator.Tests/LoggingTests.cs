using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentProvision.McpEmulator.Tests;

public sealed class LoggingTests
{
    [Fact]
    public async Task Each_connector_call_is_logged_with_operation_tenant_status_and_fault()
    {
        var logs = new CapturingLoggerProvider();
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:AgentProvision.McpEmulator"] = "Information" },
            builder => builder.Logging.AddProvider(logs));
        await emulator.Http.PutFaultAsync("""{"operation":"catalogs.create","mode":"error","times":1}""");

        await emulator.Http.CreateCatalogAsync("acme", "sales");

        var entry = await WaitForCallLogAsync(logs);
        Assert.Equal("catalogs.create", entry.Properties["Operation"]);
        Assert.Equal("acme", entry.Properties["TenantId"]);
        Assert.Equal(503, entry.Properties["StatusCode"]);
        Assert.Equal("error", entry.Properties["Fault"]);
        Assert.True(entry.Properties.ContainsKey("{OriginalFormat}"), "logged through a message template");
    }

    [Fact]
    public async Task A_refused_call_is_logged_with_the_tenant_from_its_query()
    {
        var logs = new CapturingLoggerProvider();
        await using var emulator = await RunningEmulator.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:AgentProvision.McpEmulator"] = "Information",
                [RunningEmulator.ApiKeySetting] = "secret",
            },
            builder => builder.Logging.AddProvider(logs));
        using var withoutKey = new HttpClient { BaseAddress = emulator.BaseAddress };

        await withoutKey.GetAsync(ConnectorRoutes.Jobs + "?tenant_id=globex&name=daily");

        var entry = await WaitForCallLogAsync(logs);
        Assert.Equal(("jobs.list", "globex", 401, "none"), (
            entry.Properties["Operation"], entry.Properties["TenantId"], entry.Properties["StatusCode"], entry.Properties["Fault"]));
    }

    /// <summary>The line is written once the answer is sent, so it may land just after the client has read it.</summary>
    private static async Task<CapturedLog> WaitForCallLogAsync(CapturingLoggerProvider logs)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var entry = logs.Entries.FirstOrDefault(log => log.Properties.ContainsKey("Operation"));
            if (entry is not null)
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, "no connector call was logged within 5 s");
            await Task.Delay(20);
        }
    }
}
