using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>"Route missing" looks like a seed server's answer, never like Databricks' "object missing".</summary>
public sealed class MissingRouteTests
{
    [Theory]
    [InlineData("/agentprovision/v1/databricks/nothing-here")]
    [InlineData("/agentprovision/v2/health")]
    [InlineData("/")]
    public async Task An_unmapped_route_answers_404_detail_Not_Found(string route)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        await (await emulator.Http.GetAsync(route)).ShouldBeMissingRouteAsync(404);
    }

    [Fact]
    public async Task A_wrong_method_answers_405_detail_Method_Not_Allowed()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.DeleteAsync(ConnectorRoutes.Health);

        await response.ShouldBeMissingRouteAsync(405);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_missing_object_on_an_existing_route_carries_an_error_code_instead()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.GetJobAsync(4242);

        await response.ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    /// <summary>Operations are named routes; /_emulator/calls lists every operation a fault rule may name.</summary>
    [Fact]
    public async Task Every_operation_name_belongs_to_exactly_one_route()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var routeNames = emulator.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .ToList();

        var operations = (await emulator.Http.CallsAsync()).Keys;

        Assert.All(operations, operation => Assert.Single(routeNames, name => name == operation));
    }
}
