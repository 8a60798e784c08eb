using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class ServingTests
{
    private const string ReadyAfterSetting = "Emulator:Serving:ReadyAfterMs";

    private readonly string _tenant = ConnectorCalls.NewTenant();
    private readonly string _endpoint = "churn-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Deployed_endpoint_is_NOT_READY_until_ReadyAfterMs_has_passed_then_READY()
    {
        var clock = new ManualClock();
        await using var emulator = await RunningEmulator.StartAsync(clock, new Dictionary<string, string?> { [ReadyAfterSetting] = "500" });

        var deployed = await (await emulator.Http.DeployAsync(_tenant, _endpoint)).ReadAsync<ServingEndpointInfo>();
        clock.Advance(499);
        var almost = await GetAsync(emulator.Http);
        clock.Advance(1);
        var ready = await GetAsync(emulator.Http);

        Assert.Equal(("NOT_READY", "NOT_READY", "READY"), (deployed.State, almost.State, ready.State));
        Assert.Equal((_endpoint, "churn_model", "1", "Small", _tenant), (deployed.Name, deployed.ModelName, deployed.ModelVersion, deployed.WorkloadSize, deployed.TenantId));
        Assert.EndsWith($"/serving-endpoints/{_endpoint}/invocations", deployed.Url, StringComparison.Ordinal);
        Assert.Equal(deployed with { State = "READY" }, ready);
    }

    [Fact]
    public async Task Without_configuration_an_endpoint_is_READY_after_300_ms()
    {
        var clock = new ManualClock();
        await using var emulator = await RunningEmulator.StartAsync(clock);
        await emulator.Http.DeployAsync(_tenant, _endpoint);

        clock.Advance(300);

        Assert.Equal("READY", (await GetAsync(emulator.Http)).State);
    }

    [Fact]
    public async Task Deploying_an_existing_name_answers_409_even_for_another_tenant()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.DeployAsync(_tenant, _endpoint);

        var again = await emulator.Http.DeployAsync(ConnectorCalls.NewTenant(), _endpoint, modelVersion: "2");
        var ledger = await emulator.Http.LedgerEntryAsync(_tenant, "serving_endpoint", _endpoint);

        await again.ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);
        Assert.Equal(1, ledger.GetProperty("created_count").GetInt32());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("has.dot")]
    [InlineData("")]
    public async Task Endpoint_names_allow_only_letters_digits_dash_and_underscore(string name)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        await (await emulator.Http.DeployAsync(_tenant, name)).ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Invoking_an_endpoint_answers_400_INVALID_STATE_until_it_is_ready()
    {
        var clock = new ManualClock();
        await using var emulator = await RunningEmulator.StartAsync(clock, new Dictionary<string, string?> { [ReadyAfterSetting] = "1000" });
        await emulator.Http.DeployAsync(_tenant, _endpoint);

        var early = await emulator.Http.InvokeAsync(_endpoint, """{"inputs":[1]}""");
        clock.Advance(1000);
        var ready = await emulator.Http.InvokeAsync(_endpoint, """{"inputs":[1]}""");

        await early.ShouldFailAsync(400, ConnectorErrorCodes.InvalidState);
        Assert.Single((await ready.ReadAsync<InvokeModelResponse>()).Predictions.EnumerateArray());
    }

    [Fact]
    public async Task Invoking_answers_one_deterministic_prediction_per_record()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { [ReadyAfterSetting] = "0" });
        await emulator.Http.DeployAsync(_tenant, _endpoint);
        const string records = """{"dataframe_records":[{"age":30},{"age":31},{"age":30}]}""";

        var first = await (await emulator.Http.InvokeAsync(_endpoint, records)).ReadAsync<InvokeModelResponse>();
        var second = await (await emulator.Http.InvokeAsync(_endpoint, records)).ReadAsync<InvokeModelResponse>();
        var single = await (await emulator.Http.InvokeAsync(_endpoint, """{"age":30}""")).ReadAsync<InvokeModelResponse>();

        var scores = Scores(first);
        Assert.Equal(3, scores.Count);
        Assert.Equal(scores, Scores(second));
        Assert.Equal(scores[0], scores[2]);
        Assert.NotEqual(scores[0], scores[1]);
        Assert.All(scores, score => Assert.InRange(score, 0, 1));
        Assert.Equal([scores[0]], Scores(single));
        Assert.Equal((_endpoint, "1"), (first.EndpointName, first.ModelVersion));
    }

    [Fact]
    public async Task Getting_invoking_or_deleting_a_missing_endpoint_answers_404_RESOURCE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        await (await emulator.Http.GetAsync(ConnectorRoutes.ServingEndpoint("nowhere"))).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.InvokeAsync("nowhere", "{}")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.DeleteAsync(ConnectorRoutes.ServingEndpoint("nowhere"))).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Deleted_endpoint_is_gone_and_its_name_can_be_deployed_again()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.DeployAsync(_tenant, _endpoint);

        var deleted = await (await emulator.Http.DeleteAsync(ConnectorRoutes.ServingEndpoint(_endpoint))).ReadAsync<Acknowledged>();
        var gone = await emulator.Http.GetAsync(ConnectorRoutes.ServingEndpoint(_endpoint));
        var redeployed = await emulator.Http.DeployAsync(_tenant, _endpoint);
        var ledger = await emulator.Http.LedgerEntryAsync(_tenant, "serving_endpoint", _endpoint);

        Assert.Equal("deleted", deleted.Status);
        await gone.ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await redeployed.ReadAsync<ServingEndpointInfo>();
        Assert.Equal((2, 1), (ledger.GetProperty("created_count").GetInt32(), ledger.GetProperty("deleted_count").GetInt32()));
    }

    [Fact]
    public async Task Deploy_without_a_tenant_answers_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.PostRawJsonAsync(
            ConnectorRoutes.ServingEndpoints, $$"""{"name":"{{_endpoint}}","model_name":"m","model_version":"1"}""");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    private static List<double> Scores(InvokeModelResponse response)
        => response.Predictions.EnumerateArray().Select(score => score.GetDouble()).ToList();

    private async Task<ServingEndpointInfo> GetAsync(HttpClient http)
        => await (await http.GetAsync(ConnectorRoutes.ServingEndpoint(_endpoint))).ReadAsync<ServingEndpointInfo>();
}
