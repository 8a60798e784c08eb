using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class FaultRuleTests
{
    [Fact]
    public async Task Listed_rules_show_the_defaults_that_will_be_answered()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultsAsync("""
            {"rules":[{"operation":"notebooks.create","mode":"throttle"},{"operation":"*","mode":"error","times":3}]}
            """);

        var rules = await emulator.Http.GetFaultsAsync();

        Assert.Equal(
            """[{"operation":"notebooks.create","mode":"throttle","status":429,"error_code":"REQUEST_LIMIT_EXCEEDED","retry_after_seconds":1,"rate":1,"times":null,"latency_ms":0},"""
            + """{"operation":"*","mode":"error","status":503,"error_code":"TEMPORARILY_UNAVAILABLE","rate":1,"times":3,"latency_ms":0}]""",
            rules.GetRawText());
    }

    [Fact]
    public async Task Delete_clears_every_rule()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"health","mode":"error"}""");

        (await emulator.Http.DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();

        Assert.Equal(0, (await emulator.Http.GetFaultsAsync()).GetArrayLength());
        (await emulator.Http.GetAsync(ConnectorRoutes.Health)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Put_replaces_the_previous_rules()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"health","mode":"error"}""");

        await emulator.Http.PutFaultAsync("""{"operation":"catalogs.status","mode":"error"}""");

        (await emulator.Http.GetAsync(ConnectorRoutes.Health)).EnsureSuccessStatusCode();
        Assert.Equal("catalogs.status", (await emulator.Http.GetFaultsAsync())[0].GetProperty("operation").GetString());
    }

    [Theory]
    [InlineData("""{"operation":"notebooks.explode","mode":"error"}""")]
    [InlineData("""{"operation":"health","mode":"explode"}""")]
    [InlineData("""{"operation":"health"}""")]
    [InlineData("""{"operation":"health","mode":"error","rate":1.5}""")]
    [InlineData("""{"operation":"health","mode":"error","status":200}""")]
    [InlineData("""{"operation":"health","mode":"latency"}""")]
    public async Task An_invalid_rule_answers_400_and_keeps_the_previous_rules(string badRule)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"health","mode":"error"}""");

        var response = await emulator.Http.PutAsync(
            "/_emulator/faults", new StringContent($$"""{"rules":[{{badRule}}]}""", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        Assert.Equal("health", (await emulator.Http.GetFaultsAsync())[0].GetProperty("operation").GetString());
    }

    [Fact]
    public async Task Wildcard_rule_hits_every_connector_operation_but_no_admin_route()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"*","mode":"error"}""");

        await (await emulator.Http.GetAsync(ConnectorRoutes.Health)).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        await (await emulator.Http.CreateCatalogAsync("t", "sales")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        await (await emulator.Http.CreateJobAsync("t", "daily")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        (await emulator.Http.GetAsync("/_emulator/objects")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Rate_zero_never_fires()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"health","mode":"error","rate":0}""");

        var statuses = await HealthStatusesAsync(emulator, 10);

        Assert.All(statuses, status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_for_a_partial_rate()
    {
        var seeded = new Dictionary<string, string?> { ["Emulator:Seed"] = "42" };
        const string halfTheTime = """{"operation":"health","mode":"error","rate":0.5}""";
        await using var first = await RunningEmulator.StartAsync(seeded);
        await using var second = await RunningEmulator.StartAsync(seeded);
        await first.Http.PutFaultAsync(halfTheTime);
        await second.Http.PutFaultAsync(halfTheTime);

        var firstRun = await HealthStatusesAsync(first, 30);
        var secondRun = await HealthStatusesAsync(second, 30);

        Assert.Equal(firstRun, secondRun);
        Assert.Contains(200, firstRun);
        Assert.Contains(503, firstRun);
    }

    [Theory]
    [InlineData("error_code", "status")]
    [InlineData("ErrorCode", "Status")]
    public async Task Rules_in_configuration_are_active_from_start(string errorCodeKey, string statusKey)
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Faults:0:operation"] = "catalogs.create",
            ["Emulator:Faults:0:mode"] = "error",
            [$"Emulator:Faults:0:{statusKey}"] = "500",
            [$"Emulator:Faults:0:{errorCodeKey}"] = "INTERNAL_ERROR",
            ["Emulator:Faults:0:times"] = "1",
        });

        await (await emulator.Http.CreateCatalogAsync("t", "sales")).ShouldFailAsync(500, ConnectorErrorCodes.InternalError);
        await (await emulator.Http.CreateCatalogAsync("t", "sales")).ReadAsync<CatalogCreated>();
    }

    [Fact]
    public void An_invalid_rule_in_configuration_stops_the_build_naming_the_setting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Emulator:Faults:0:Operation"] = "notebooks.create",
            ["Emulator:Faults:0:Mode"] = "sometimes",
        };

        var error = Assert.Throws<InvalidOperationException>(() => EmulatorHost.Build([], settings));

        Assert.Contains("Emulator:Faults:0", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<int>> HealthStatusesAsync(RunningEmulator emulator, int calls)
    {
        var statuses = new List<int>();
        for (var i = 0; i < calls; i++)
        {
            statuses.Add((int)(await emulator.Http.GetAsync(ConnectorRoutes.Health)).StatusCode);
        }

        return statuses;
    }
}
