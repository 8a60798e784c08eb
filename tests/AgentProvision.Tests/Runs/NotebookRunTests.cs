using System.Net;
using System.Text.Json;

namespace AgentProvision.Tests.Runs;

public sealed class NotebookRunTests(SystemFixture system) : RunTest(system)
{
    [Fact]
    public async Task Notebook_run_goes_from_request_to_SUCCESS_with_its_Databricks_run()
    {
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        var path = PathOf(tenant, notebook);
        await Runs.SetBehaviourAsync(new RunBehaviourDto(NotebookPath: path, Output: "42 rows written"));

        using var response = await tenant.Http.PostAsync($"/api/v1/notebooks/{notebook.Id}/execute",
            new StringContent("""{"parameters": {"date": "2026-01-01", "limit": 10, "dry_run": false}}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        var accepted = JsonSerializer.Deserialize<RunDto>(body, Wire.Json)!;
        Assert.Equal($"/api/v1/notebooks/{notebook.Id}/runs/{accepted.Id}", response.Headers.Location?.OriginalString);
        Assert.Null(accepted.RunId);
        Assert.Equal(notebook.Id, accepted.NotebookId);
        Assert.Null(accepted.PipelineId);
        Assert.Equal("QUEUED", accepted.State);
        Assert.Equal("api", accepted.Origin);
        Assert.Equal("pending", accepted.Sync.Status);
        Assert.Equal(1, accepted.Sync.Generation);
        Assert.Equal("2026-01-01", accepted.Parameters.GetProperty("date").GetString());
        Assert.Equal("10", accepted.Parameters.GetProperty("limit").GetString());
        Assert.Equal("false", accepted.Parameters.GetProperty("dry_run").GetString());
        Assert.DoesNotContain("pipeline_id", body, StringComparison.Ordinal);

        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, accepted.Id, SyncTimeout, WorkerLog);

        Assert.Equal("SUCCESS", done.State);
        Assert.Equal("TERMINATED", done.LifeCycleState);
        Assert.Equal("SUCCESS", done.ResultState);
        Assert.Equal("42 rows written", done.Output);
        Assert.NotNull(done.RunId);
        Assert.NotNull(done.RunPageUrl);
        Assert.True(done.EndTime >= done.StartTime, done.ToString());
        Assert.True(done.ExecutionDuration >= 0, done.ToString());
        Assert.Equal("synced", done.Sync.Status);
        Assert.Equal(done.RunId, done.Sync.Databricks.GetProperty("databricks_run_id").GetInt64());
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, path));

        // The original's clients know the Databricks run id; it finds the same run.
        var byDatabricksId = await tenant.GetRunAsync(RunClient.Notebooks, notebook.Id, done.RunId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(done.Id, byDatabricksId.Id);
        var listed = Assert.Single(await tenant.ListRunsAsync(RunClient.Notebooks, notebook.Id));
        Assert.Equal(done.Id, listed.Id);
        Assert.Equal("SUCCESS", listed.State);
    }

    [Fact]
    public async Task Notebook_run_that_fails_in_Databricks_ends_FAILED_with_its_message()
    {
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        await Runs.SetBehaviourAsync(new RunBehaviourDto(NotebookPath: PathOf(tenant, notebook), Outcome: "fail", Message: "NameError: name 'spark' is not defined"));

        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("FAILED", done.State);
        Assert.Equal("TERMINATED", done.LifeCycleState);
        Assert.Equal("NameError: name 'spark' is not defined", done.StateMessage);
        // Failing in Databricks is the run's outcome, not a sync failure: the submit itself succeeded.
        Assert.Equal("synced", done.Sync.Status);
    }

    [Fact]
    public async Task Run_asked_for_before_its_notebook_is_synced_waits_for_that_sync_then_starts()
    {
        var tenant = await NewTenantAsync();
        Fixture.ConnectorProxy.Disable();
        var notebook = await tenant.CreateNotebookAsync();
        var run = await tenant.ExecuteNotebookAsync(notebook.Id);

        // The worker tried, found the notebook not in Databricks yet, tried to sync it itself, and waits with a backoff.
        var waiting = await WaitForRunRowAsync(run.Id, r => r.LastErrorCode == "RUN_TARGET_PENDING", SyncTimeout);
        Assert.Null(waiting.RemoteRunId);
        Assert.Equal(0, (await tenant.GetNotebookAsync(notebook.Id)).Sync.SyncedGeneration);

        Fixture.ConnectorProxy.Enable();
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("SUCCESS", done.State);
        var synced = await tenant.GetNotebookAsync(notebook.Id);
        Assert.Equal("synced", synced.Sync.Status);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, synced.Sync.NotebookPath!));
    }

    [Fact]
    public async Task Run_request_body_is_optional_and_parameters_must_be_named_strings()
    {
        var tenant = await NewTenantAsync();
        var notebook = await tenant.CreateNotebookAsync();

        var (noBody, noBodyAnswer) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id);
        Assert.True(noBody == HttpStatusCode.Accepted, noBodyAnswer);
        Assert.Equal("{}", JsonDocument.Parse(noBodyAnswer).RootElement.GetProperty("parameters").GetRawText());
        var (originalClient, originalAnswer) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id, """{"cell_index": 0}""");
        Assert.True(originalClient == HttpStatusCode.Accepted, originalAnswer);
        foreach (var accepted in new[] { noBodyAnswer, originalAnswer })
        {
            var id = JsonDocument.Parse(accepted).RootElement.GetProperty("id").GetGuid();
            await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, id, SyncTimeout, WorkerLog);
        }

        var (nested, nestedAnswer) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id, """{"parameters": {"a": {"b": 1}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, nested);
        Assert.Contains("parameters.a", nestedAnswer, StringComparison.Ordinal);
        var (list, _) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id, """{"parameters": ["a"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, list);
        var (malformed, malformedAnswer) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id, """{"parameters": """);
        Assert.Equal(HttpStatusCode.BadRequest, malformed);
        Assert.Contains("not valid JSON", malformedAnswer, StringComparison.Ordinal);
        var (huge, _) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id,
            JsonSerializer.Serialize(new { parameters = new { big = new string('x', 10_001) } }));
        Assert.Equal(HttpStatusCode.BadRequest, huge);
        var (unknown, unknownAnswer) = await tenant.StartRunRawAsync(RunClient.Notebooks, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Contains("Notebook not found", unknownAnswer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_list_is_newest_first_and_paged()
    {
        var tenant = await NewTenantAsync();
        var notebook = await tenant.CreateNotebookAsync();
        var started = new List<RunDto>();
        for (var i = 0; i < 3; i++)
        {
            started.Add(await tenant.ExecuteNotebookAsync(notebook.Id, new Dictionary<string, string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }

        var firstPage = await tenant.ListRunsAsync(RunClient.Notebooks, notebook.Id, "?limit=2");
        var secondPage = await tenant.ListRunsAsync(RunClient.Notebooks, notebook.Id, "?skip=2&limit=2");

        Assert.Equal([started[2].Id, started[1].Id], firstPage.Select(r => r.Id));
        Assert.Equal([started[0].Id], secondPage.Select(r => r.Id));
        foreach (var run in started)
        {
            await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);
        }
    }

    [Theory]
    [InlineData("Mcp:Enabled", "false")]
    [InlineData("Mcp:EnabledTenants", "00000000-0000-0000-0000-000000000001")]
    public async Task Run_request_is_a_conflict_when_the_integration_is_off_for_the_tenant(string key, string value)
    {
        await using var api = new ApiFactory(Fixture.ApiSettings((key, value)));
        var tenant = await TenantClient.RegisterAsync(api);
        var notebook = await tenant.CreateNotebookAsync();

        var (status, body) = await tenant.StartRunRawAsync(RunClient.Notebooks, notebook.Id, """{"parameters": {"a": "b"}}""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        var problem = JsonSerializer.Deserialize<ProblemDto>(body, Wire.Json)!;
        Assert.Equal("Databricks integration not enabled", problem.Title);
        Assert.Contains("Databricks integration not enabled", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await tenant.ListRunsAsync(RunClient.Notebooks, notebook.Id));
    }
}
