using System.Text.Json;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentProvision.Tests.Connector;

/// <summary>
/// The worker's connector client, registered as the worker registers it (Bearer key, resilience pipeline), sends every
/// operation of the contract to the emulator over HTTP and reads each answer with the contract's records.
/// </summary>
public sealed class ConnectorClientContractTests(SystemFixture system) : SystemTest(system), IDisposable
{
    private readonly IHost host = BuildHost(system);

    private ConnectorClient Client => host.Services.GetRequiredService<ConnectorClient>();

    public void Dispose() => host.Dispose();

    [Fact]
    public async Task Health_catalogs_and_notebooks_answer_as_the_contract_says()
    {
        var tenant = Guid.NewGuid().ToString();
        var ct = CancellationToken.None;

        Assert.True((await Client.GetHealthAsync(ct)).IsHealthy);

        Assert.False((await Client.GetCatalogStatusAsync(tenant, ct)).Exists);
        var catalog = await Client.CreateCatalogAsync(new CreateCatalogRequest(tenant, CatalogName(tenant)), ct);
        Assert.Equal(CatalogName(tenant), catalog.CatalogName);
        var again = await Assert.ThrowsAsync<ConnectorException>(() => Client.CreateCatalogAsync(new CreateCatalogRequest(tenant, CatalogName(tenant)), ct));
        Assert.True(again.IsAlreadyExists && !again.IsTransient);
        var status = await Client.GetCatalogStatusAsync(tenant, ct);
        Assert.True(status.Exists);
        Assert.Equal(["default", "bronze", "silver", "gold"], status.Schemas);

        var created = await Client.CreateNotebookAsync(new CreateNotebookRequest(tenant, "contract_nb", "python", "print(1)"), ct);
        Assert.Equal("PYTHON", created.Language.ToUpperInvariant());
        var duplicate = await Assert.ThrowsAsync<ConnectorException>(() => Client.CreateNotebookAsync(new CreateNotebookRequest(tenant, "contract_nb", "python", "x"), ct));
        Assert.True(duplicate.IsAlreadyExists);
        var updated = await Client.UpdateNotebookAsync(tenant, new UpdateNotebookRequest(created.Path, "print(2)", "sql"), ct);
        Assert.Equal((created.Path, created.ObjectId, "SQL"), (updated.Path, updated.ObjectId, updated.Language.ToUpperInvariant()));
        Assert.Equal("print(2)", (await Client.GetNotebookAsync(tenant, created.Path, ct))!.Content);
        var found = await Client.LookupNotebookAsync(tenant, "contract_nb", ct);
        Assert.True(found.IsSupported);
        Assert.Equal(created.Path, found.Value!.Path);
        Assert.Null((await Client.LookupNotebookAsync(tenant, "no_such_nb", ct)).Value);

        var run = await Client.ExecuteNotebookAsync(new ExecuteNotebookRequest(tenant, created.Path, new Dictionary<string, string> { ["day"] = "1" }, "token-1"), ct);
        Assert.Equal("token-1", run.IdempotencyToken);
        var same = await Client.ExecuteNotebookAsync(new ExecuteNotebookRequest(tenant, created.Path, new Dictionary<string, string>(), "token-1"), ct);
        Assert.Equal(run.RunId, same.RunId);
        var runStatus = await Client.GetNotebookRunAsync(run.RunId, ct);
        Assert.Contains(runStatus.LifeCycleState, new[] { "PENDING", "RUNNING", "TERMINATED" });
        Assert.False(string.IsNullOrEmpty(runStatus.RunPageUrl));

        Assert.True(await Client.DeleteNotebookAsync(tenant, created.Path, ct));
        Assert.False(await Client.DeleteNotebookAsync(tenant, created.Path, ct));
        Assert.Null(await Client.GetNotebookAsync(tenant, created.Path, ct));
    }

    [Fact]
    public async Task Jobs_and_their_runs_answer_as_the_contract_says()
    {
        var tenant = Guid.NewGuid().ToString();
        var ct = CancellationToken.None;
        var tasks = new[]
        {
            new JobTask("extract", [], NotebookTask: new NotebookTask("/Shared/x")),
            new JobTask("load", [new TaskDependency("extract")], SqlTask: new SqlTask(new SqlQuery("SELECT 1"), "wh")),
        };

        var first = await Client.CreateJobAsync(new CreateJobRequest(tenant, "contract_job", tasks, new JobSchedule("0 0 2 * * ?", "UTC")), ct);
        var second = await Client.CreateJobAsync(new CreateJobRequest(tenant, "contract_job", tasks), ct);
        Assert.NotEqual(first.JobId, second.JobId); // like Databricks: no idempotency on create
        var named = await Client.FindJobsByNameAsync(tenant, "contract_job", ct);
        Assert.True(named.IsSupported);
        Assert.Equal(2, named.Value.Jobs.Count);
        Assert.True(await Client.DeleteJobAsync(second.JobId, ct));
        Assert.Null(await Client.GetJobAsync(second.JobId, ct));

        var details = (await Client.GetJobAsync(first.JobId, ct))!;
        Assert.Equal(["extract", "load"], details.Tasks.Select(t => t.TaskKey).Order());
        var reset = await Client.UpdateJobAsync(first.JobId, new UpdateJobRequest(tenant, "contract_job", [tasks[0]]), ct);
        Assert.Single(reset.Value.Tasks);

        var run = await Client.RunJobAsync(first.JobId, new RunJobRequest(tenant, new Dictionary<string, string>(), "job-token"), ct);
        var retried = await Client.RunJobAsync(first.JobId, new RunJobRequest(tenant, new Dictionary<string, string>(), "job-token"), ct);
        Assert.Equal(run.RunId, retried.RunId);
        Assert.Equal(1, run.NumberInJob);
        var other = await Client.RunJobAsync(first.JobId, new RunJobRequest(tenant, new Dictionary<string, string>()), ct);
        var runs = await Client.ListJobRunsAsync(first.JobId, 25, ct);
        Assert.Equal([other.RunId, run.RunId], runs.Runs.Select(r => r.RunId)); // newest first

        await Client.CancelRunAsync(other.RunId, ct);
        var cancelled = await Client.GetRunAsync(other.RunId, ct);
        Assert.Equal(("TERMINATED", "CANCELED"), (cancelled.LifeCycleState, cancelled.ResultState));
        Assert.True(await Client.DeleteJobAsync(first.JobId, ct));
        Assert.False(await Client.DeleteJobAsync(first.JobId, ct));
    }

    [Fact]
    public async Task Datasets_serving_endpoints_and_vector_indexes_answer_as_the_contract_says()
    {
        var tenant = Guid.NewGuid().ToString();
        var ct = CancellationToken.None;
        await Client.CreateCatalogAsync(new CreateCatalogRequest(tenant, CatalogName(tenant)), ct);

        var rows = new[] { Row(("region", "north"), ("amount", 10)), Row(("region", "south"), ("amount", 32)) };
        var table = await Client.CreateDatasetAsync(new CreateDatasetRequest(tenant, "sales", [new("region", "string"), new("amount", "bigint")], rows), ct);
        Assert.Equal(CatalogName(tenant), table.CatalogName);
        var result = await Client.QueryDatasetAsync(new QueryDatasetRequest(tenant, "sales", "SELECT sum(amount) AS total FROM sales"), ct);
        Assert.Equal(42, result.Rows[0]["total"].GetInt64());
        var metadata = await Client.GetDatasetMetadataAsync(tenant, "sales", ct);
        Assert.Equal(2, metadata.RowCount);

        var index = await Client.CreateVectorIndexAsync(new CreateVectorIndexRequest(tenant, $"idx_{tenant[..8]}", table.TablePath, 2), ct);
        Assert.Equal(2, index.EmbeddingDimension);
        var upserted = await Client.UpsertVectorsAsync(index.Name, new UpsertVectorsRequest([new("a", [1f, 0f]), new("b", [0f, 1f])]), ct);
        Assert.True(upserted.IsSupported);
        var nearest = await Client.SearchVectorsAsync(index.Name, new SearchVectorsRequest([0.9f, 0.1f], 1), ct);
        Assert.Equal("a", Assert.Single(nearest.Results).Id);
        Assert.True(await Client.DeleteVectorIndexAsync(index.Name, ct));

        var endpoint = await Client.DeployModelAsync(new DeployModelRequest(tenant, $"ep_{tenant[..8]}", "model", "1"), ct);
        Assert.Equal("NOT_READY", endpoint.State);
        Assert.NotNull(await Client.GetServingEndpointAsync(endpoint.Name, ct));
        Assert.True(await Client.DeleteServingEndpointAsync(endpoint.Name, ct));
        Assert.Null(await Client.GetServingEndpointAsync(endpoint.Name, ct));

        Assert.True(await Client.DeleteDatasetAsync(tenant, "sales", ct));
        Assert.False(await Client.DeleteDatasetAsync(tenant, "sales", ct));
    }

    [Fact]
    public async Task Without_extensions_the_client_reports_them_unsupported_instead_of_failing()
    {
        var tenant = Guid.NewGuid().ToString();
        var ct = CancellationToken.None;
        await Fixture.Emulator.SetExtensionsAsync(false);
        try
        {
            Assert.False((await Client.LookupNotebookAsync(tenant, "any", ct)).IsSupported);
            Assert.False((await Client.FindJobsByNameAsync(tenant, "any", ct)).IsSupported);
            var job = await Client.CreateJobAsync(new CreateJobRequest(tenant, "seed_only", [new JobTask("t", [], NotebookTask: new NotebookTask("/x"))]), ct);
            Assert.False((await Client.UpdateJobAsync(job.JobId, new UpdateJobRequest(tenant, "seed_only", []), ct)).IsSupported);
            var run = await Client.RunJobAsync(job.JobId, new RunJobRequest(tenant, new Dictionary<string, string>(), "ignored-token"), ct);
            Assert.Null(run.IdempotencyToken); // not echoed: the caller knows a retry could start a second run
            Assert.Contains(ConnectorExtensions.NotebookLookup, host.Services.GetRequiredService<ConnectorExtensionSupport>().Missing);

            // A missing object is still told apart from a missing route.
            Assert.Null(await Client.GetJobAsync(987_654_321, ct));
        }
        finally
        {
            await Fixture.Emulator.SetExtensionsAsync(true);
        }
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_unauthenticated()
    {
        using var wrongKey = BuildHost(Fixture, apiKey: "not-the-key");
        var client = wrongKey.Services.GetRequiredService<ConnectorClient>();

        var refused = await Assert.ThrowsAsync<ConnectorException>(() => client.GetCatalogStatusAsync(Guid.NewGuid().ToString(), CancellationToken.None));

        Assert.Equal(ConnectorErrorCodes.Unauthenticated, refused.ErrorCode);
        Assert.False(refused.IsTransient);
    }

    private static string CatalogName(string tenant) => $"agentprovision_{tenant.Replace('-', '_')}";

    private static Dictionary<string, JsonElement> Row(params (string Column, object Value)[] cells) =>
        cells.ToDictionary(c => c.Column, c => JsonSerializer.SerializeToElement(c.Value));

    private static IHost BuildHost(SystemFixture fixture, string? apiKey = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mcp:ServerUrl"] = fixture.EmulatorUri.ToString(),
            ["Mcp:ApiKey"] = apiKey ?? fixture.ConnectorKey,
            ["Mcp:Client:MaxRetryAttempts"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddMcpOptions();
        builder.AddConnectorClient();
        return builder.Build();
    }
}
