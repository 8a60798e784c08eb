using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>The listing extensions the drift check reads: a tenant's notebooks, catalog tables and jobs, in keyset pages.</summary>
public sealed class ListingTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Notebooks_are_listed_in_pages_by_path_with_the_hash_of_their_source_and_only_the_tenants_own()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        foreach (var name in new[] { "c", "a", "e", "b", "d" })
        {
            await emulator.Http.NewNotebookAsync(_tenant, name);
        }

        await emulator.Http.NewNotebookAsync(ConnectorCalls.NewTenant(), "other-tenant");
        await emulator.Http.UpdateNotebookAsync(_tenant, ConnectorCalls.NotebookPath(_tenant, "e"), "print('changed')");

        var pages = new List<NotebookListing>();
        string? token = null;
        do
        {
            var page = await emulator.Http.GetFromJsonAsync<NotebookListing>(
                ConnectorRoutes.NotebookList(_tenant) + ListingPages.Query(2, token), ConnectorJson.Options);
            pages.Add(page!);
            token = page!.NextPageToken;
        }
        while (token is not null);

        Assert.Equal([2, 2, 1], pages.Select(page => page.Notebooks.Count));
        var listed = pages.SelectMany(page => page.Notebooks).ToList();
        Assert.Equal(["a", "b", "c", "d", "e"], listed.Select(n => n.Path.Split('/')[^1]));
        Assert.Equal(Sha256(ConnectorCalls.NotebookText), listed[0].ContentSha256);
        Assert.Equal(Sha256("print('changed')"), listed[^1].ContentSha256);
        Assert.All(listed, n => Assert.Equal("PYTHON", n.Language));
    }

    [Fact]
    public async Task Tables_of_the_tenants_catalog_are_listed_with_their_version_and_a_tenant_without_catalog_gets_404()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var withoutCatalog = await emulator.Http.GetAsync(ConnectorRoutes.CatalogTables(_tenant));
        await withoutCatalog.ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);

        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", new Sale("eu", 1, 1.0));
        await emulator.Http.UploadSalesAsync(_tenant, "sales", new Sale("eu", 2, 1.0));
        await emulator.Http.UploadSalesAsync(_tenant, "costs", new Sale("us", 3, 1.0));

        var listing = await emulator.Http.GetFromJsonAsync<TableListing>(ConnectorRoutes.CatalogTables(_tenant), ConnectorJson.Options);

        Assert.Null(listing!.NextPageToken);
        Assert.Equal([("costs", 0L), ("sales", 1L)], listing.Tables.Select(t => (t.TableName, t.Version)));
        Assert.All(listing.Tables, t => Assert.Equal(1, t.RowCount));
    }

    [Fact]
    public async Task Jobs_of_the_tenant_are_listed_with_their_settings_and_a_deleted_job_is_gone()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var first = await emulator.Http.NewJobAsync(_tenant, "first");
        var second = await emulator.Http.NewJobAsync(_tenant, "second");
        await emulator.Http.NewJobAsync(ConnectorCalls.NewTenant(), "someone-elses");
        await emulator.Http.DeleteJobAsync(first.JobId);

        var listing = await emulator.Http.GetFromJsonAsync<JobListing>(ConnectorRoutes.TenantJobList(_tenant), ConnectorJson.Options);

        var job = Assert.Single(listing!.Jobs);
        Assert.Equal((second.JobId, "second", 2), (job.JobId, job.Name, job.Tasks.Count));
    }

    [Fact]
    public async Task A_page_size_over_1000_or_a_foreign_page_token_answers_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        await (await emulator.Http.GetAsync(ConnectorRoutes.NotebookList(_tenant) + "?page_size=1001"))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        await (await emulator.Http.GetAsync(ConnectorRoutes.NotebookList(_tenant) + "?page_token=***"))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Without_extensions_every_listing_answers_a_seed_servers_404()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Extensions"] = "false" });

        await (await emulator.Http.GetAsync(ConnectorRoutes.NotebookList(_tenant))).ShouldBeMissingRouteAsync(404);
        await (await emulator.Http.GetAsync(ConnectorRoutes.CatalogTables(_tenant))).ShouldBeMissingRouteAsync(404);
        await (await emulator.Http.GetAsync(ConnectorRoutes.TenantJobList(_tenant))).ShouldBeMissingRouteAsync(404);
    }

    [Fact]
    public async Task Calls_can_be_counted_for_one_tenant()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var other = ConnectorCalls.NewTenant();
        await emulator.Http.GetAsync(ConnectorRoutes.NotebookList(_tenant));
        await emulator.Http.GetAsync(ConnectorRoutes.NotebookList(other));
        await emulator.Http.GetAsync(ConnectorRoutes.NotebookList(other));

        var counts = await emulator.Http.GetFromJsonAsync<CallCountsBody>($"/_emulator/calls?tenant_id={_tenant}", ConnectorJson.Options);
        var all = await emulator.Http.CallsAsync();

        Assert.Equal(1, counts!.Calls["notebooks.list"]);
        Assert.Equal(3, all["notebooks.list"]);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record CallCountsBody(Dictionary<string, int> Calls);
}
