using System.Text;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>The dataset, serving and vector routes are connector operations like every other: counted, key-checked, faultable.</summary>
public sealed class DatasetServingVectorOperationTests
{
    public static TheoryData<string, string, string> Operations => new()
    {
        { "POST", ConnectorRoutes.Datasets, "datasets.create" },
        { "POST", ConnectorRoutes.DatasetUpload + "?tenant_id=t&dataset_name=d&format=parquet", "datasets.upload" },
        { "POST", ConnectorRoutes.DatasetQuery, "datasets.query" },
        { "GET", ConnectorRoutes.Dataset("t", "d"), "datasets.metadata" },
        { "DELETE", ConnectorRoutes.Dataset("t", "d"), "datasets.delete" },
        { "POST", ConnectorRoutes.ServingEndpoints, "serving.deploy" },
        { "POST", ConnectorRoutes.ServingEndpointInvoke("e"), "serving.invoke" },
        { "GET", ConnectorRoutes.ServingEndpoint("e"), "serving.get" },
        { "DELETE", ConnectorRoutes.ServingEndpoint("e"), "serving.delete" },
        { "POST", ConnectorRoutes.VectorIndexes, "vectors.create" },
        { "POST", ConnectorRoutes.VectorIndexVectors("i"), "vectors.upsert" },
        { "POST", ConnectorRoutes.VectorIndexSearch("i"), "vectors.search" },
        { "DELETE", ConnectorRoutes.VectorIndex("i"), "vectors.delete" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_route_is_counted_and_refused_without_the_Bearer_key(string method, string route, string operation)
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { [RunningEmulator.ApiKeySetting] = "secret" });
        using var withoutKey = new HttpClient { BaseAddress = emulator.BaseAddress };

        var response = await withoutKey.SendAsync(new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });

        await response.ShouldFailAsync(401, ConnectorErrorCodes.Unauthenticated);
        Assert.Equal(1, (await emulator.Http.CallsAsync())[operation]);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_route_answers_an_injected_fault(string method, string route, string operation)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync($$"""{"operation":"{{operation}}","mode":"error","status":503,"error_code":"TEMPORARILY_UNAVAILABLE"}""");

        var response = await emulator.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent("{}", Encoding.UTF8, "application/json") });

        await response.ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
    }
}
