using System.Globalization;
using System.Net;

namespace AgentProvision.Tests.Runs;

public sealed class RunIsolationTests(SystemFixture system) : RunTest(system)
{
    [Fact]
    public async Task Another_tenants_notebook_and_runs_are_not_found_on_every_run_route()
    {
        var owner = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(owner);
        var run = await owner.ExecuteNotebookAsync(notebook.Id);
        var done = await owner.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);
        var databricksRunId = done.RunId!.Value.ToString(CultureInfo.InvariantCulture);
        var stranger = await NewTenantAsync();
        var strangersNotebook = await stranger.CreateNotebookAsync();

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Post, $"/api/v1/notebooks/{notebook.Id}/execute"),
            (HttpMethod.Get, $"/api/v1/notebooks/{notebook.Id}/runs"),
            (HttpMethod.Get, $"/api/v1/notebooks/{notebook.Id}/runs/{run.Id}"),
            (HttpMethod.Get, $"/api/v1/notebooks/{notebook.Id}/runs/{databricksRunId}"),
            (HttpMethod.Post, $"/api/v1/notebooks/{notebook.Id}/runs/{run.Id}/cancel"),
            (HttpMethod.Post, $"/api/v1/notebooks/{notebook.Id}/runs/{run.Id}/retry"),
            // The stranger's own notebook does not lend its path to someone else's run either.
            (HttpMethod.Get, $"/api/v1/notebooks/{strangersNotebook.Id}/runs/{run.Id}"),
            (HttpMethod.Get, $"/api/v1/notebooks/{strangersNotebook.Id}/runs/{databricksRunId}"),
            (HttpMethod.Post, $"/api/v1/notebooks/{strangersNotebook.Id}/runs/{run.Id}/cancel"),
            // Nor does a pipeline route lend itself to a notebook's run.
            (HttpMethod.Get, $"/api/v1/data_pipelines/{notebook.Id}/runs"),
            (HttpMethod.Get, $"/api/v1/data_pipelines/{notebook.Id}/runs/{run.Id}"),
            (HttpMethod.Post, $"/api/v1/data_pipelines/{notebook.Id}/run"),
        })
        {
            var (status, _) = await stranger.SendAsync(method, path);
            Assert.True(status == HttpStatusCode.NotFound, $"{method} {path} answered {(int)status} to another tenant");
        }

        Assert.Empty(await stranger.ListRunsAsync(RunClient.Notebooks, strangersNotebook.Id));
        var owners = Assert.Single(await owner.ListRunsAsync(RunClient.Notebooks, notebook.Id));
        Assert.Equal("SUCCESS", owners.State);
        Assert.False(owners.CancelRequested);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_run_endpoints()
    {
        var document = await Fixture.Api.CreateClient().GetStringAsync("/openapi/v1.json");

        foreach (var path in new[]
        {
            "/api/v1/notebooks/{id}/execute", "/api/v1/notebooks/{id}/runs", "/api/v1/notebooks/{id}/runs/{runId}",
            "/api/v1/notebooks/{id}/runs/{runId}/cancel", "/api/v1/data_pipelines/{id}/run", "/api/v1/data_pipelines/{id}/execute",
            "/api/v1/data_pipelines/{id}/runs/{runId}/cancel",
        })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }

        Assert.Contains("RunResponse", document, StringComparison.Ordinal);
        Assert.Contains("RunRequest", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_routes_need_a_token()
    {
        using var anonymous = Fixture.Api.CreateClient();
        using var response = await anonymous.PostAsync($"/api/v1/notebooks/{Guid.NewGuid()}/execute", null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
