using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentProvision.Tests.Connector;

/// <summary>
/// The client's listing extensions (drift check) against the emulator over HTTP: every page read with the contract's
/// records, and on a server of the original contract reported unsupported (and remembered as missing), never an error.
/// </summary>
public sealed class ConnectorListingContractTests(SystemFixture system) : SystemTest(system), IDisposable
{
    private readonly IHost host = BuildHost(system);

    private ConnectorClient Client => host.Services.GetRequiredService<ConnectorClient>();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Notebooks_tables_and_jobs_of_a_tenant_are_listed_page_by_page()
    {
        var tenant = Guid.NewGuid().ToString();
        var ct = CancellationToken.None;
        foreach (var name in new[] { "nb_a", "nb_b", "nb_c" })
        {
            await Client.CreateNotebookAsync(new CreateNotebookRequest(tenant, name, "python", $"print('{name}')"), ct);
        }

        var first = await Client.ListNotebooksAsync(tenant, 2, null, ct);
        Assert.True(first.IsSupported);
        Assert.Equal(2, first.Value.Notebooks.Count);
        var second = await Client.ListNotebooksAsync(tenant, 2, first.Value.NextPageToken, ct);
        Assert.Equal(["nb_c"], second.Value.Notebooks.Select(n => n.Path.Split('/')[^1]));
        Assert.Null(second.Value.NextPageToken);

        var noCatalog = await Assert.ThrowsAsync<ConnectorException>(() => Client.ListTablesAsync(tenant, 10, null, ct));
        Assert.True(noCatalog.IsNotFound && !noCatalog.IsRouteMissing);
        await Client.CreateCatalogAsync(new CreateCatalogRequest(tenant, $"agentprovision_{tenant.Replace('-', '_')}"), ct);
        Assert.Empty((await Client.ListTablesAsync(tenant, 10, null, ct)).Value.Tables);

        var job = await Client.CreateJobAsync(new CreateJobRequest(tenant, "listed", [new JobTask("t", [], NotebookTask: new NotebookTask("/x"))]), ct);
        var jobs = await Client.ListJobsAsync(tenant, 10, null, ct);
        Assert.Equal([job.JobId], jobs.Value.Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task Without_extensions_every_listing_is_unsupported_and_remembered_as_missing()
    {
        var tenant = Guid.NewGuid().ToString();
        var ct = CancellationToken.None;
        await Fixture.Emulator.SetExtensionsAsync(false);
        try
        {
            Assert.False((await Client.ListNotebooksAsync(tenant, 10, null, ct)).IsSupported);
            Assert.False((await Client.ListTablesAsync(tenant, 10, null, ct)).IsSupported);
            Assert.False((await Client.ListJobsAsync(tenant, 10, null, ct)).IsSupported);
            Assert.Superset(
                new HashSet<string> { ConnectorExtensions.NotebookList, ConnectorExtensions.TableList, ConnectorExtensions.JobList },
                host.Services.GetRequiredService<ConnectorExtensionSupport>().Missing.ToHashSet());
        }
        finally
        {
            await Fixture.Emulator.SetExtensionsAsync(true);
        }
    }

    private static IHost BuildHost(SystemFixture fixture)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mcp:ServerUrl"] = fixture.EmulatorUri.ToString(),
            ["Mcp:ApiKey"] = fixture.ConnectorKey,
            ["Mcp:Client:MaxRetryAttempts"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddMcpOptions();
        builder.AddConnectorClient();
        return builder.Build();
    }
}
