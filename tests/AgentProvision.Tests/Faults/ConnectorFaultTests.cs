using System.Diagnostics;
using System.Net;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Tests.Faults;

public sealed class ConnectorFaultTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public Task Notebook_syncs_once_when_the_connector_answers_503_then_recovers() =>
        AssertSyncsOnceDespiteAsync(new FaultRuleDto("notebooks.create", "error", Status: 503, ErrorCode: "TEMPORARILY_UNAVAILABLE", Times: 2));

    [Fact]
    public async Task Notebook_is_synced_once_when_the_connector_fails_after_creating_it()
    {
        var tenant = await NewTenantAsync();
        var createsBefore = await Fixture.Emulator.CallsAsync("notebooks.create");
        var lookupsBefore = await Fixture.Emulator.CallsAsync("notebooks.lookup");
        // The connector creates the notebook, then answers 503: the worker never learns the object exists.
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "after_state_change", Status: 503, Times: 1));

        var created = await tenant.CreateNotebookAsync();
        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, synced.Sync.NotebookPath!);
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(remote.ObjectId, synced.Sync.ObjectId);
        // The create whose answer was lost, a second create that met "already exists", and the lookup that adopted it.
        Assert.True(await Fixture.Emulator.CallsAsync("notebooks.create") - createsBefore >= 2);
        Assert.True(await Fixture.Emulator.CallsAsync("notebooks.lookup") - lookupsBefore >= 1);
    }

    [Fact]
    public async Task Throttled_call_waits_for_Retry_After_before_trying_again()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "throttle", RetryAfterSeconds: 2, Times: 1));
        var tenant = await NewTenantAsync();

        var clock = Stopwatch.StartNew();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        // Without Retry-After the client's own first retry delay is 50 ms.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"synced after {clock.Elapsed}, before the 2 s the connector asked for");
    }

    [Fact]
    public Task Hung_connector_call_is_cut_off_and_retried() =>
        AssertSyncsOnceDespiteAsync(new FaultRuleDto("notebooks.create", "hang", Times: 1));

    [Fact]
    public async Task Writes_succeed_while_the_connector_is_down_and_the_backlog_drains_after_it_returns()
    {
        var tenant = await NewTenantAsync();
        Fixture.ConnectorProxy.Disable();

        var notebooks = new List<NotebookDto>();
        for (var i = 0; i < 5; i++)
        {
            notebooks.Add(await tenant.CreateNotebookAsync($"while down {i}"));
        }

        // The worker tried, failed, and scheduled a durable retry with the reason on the row.
        var waiting = await WaitForRowAsync(notebooks[0].Id, n => n.LastErrorCode == "CONNECTOR_UNREACHABLE", SyncTimeout);
        Assert.Equal(SyncStatus.Pending, waiting.SyncStatus);
        Assert.NotNull(waiting.NextAttemptAt);

        Fixture.ConnectorProxy.Enable();
        foreach (var notebook in notebooks)
        {
            await tenant.WaitUntilSyncedAsync(notebook, SyncTimeout, WorkerLog);
        }

        var remote = (await Fixture.Emulator.ObjectsAsync(tenant.TenantId)).Where(o => o.Kind == "notebook").ToList();
        Assert.Equal(5, remote.Count);
        Assert.All(remote, o => Assert.Equal(1, o.CreatedCount));
    }

    [Fact]
    public async Task Permanent_connector_error_marks_the_notebook_failed_and_retry_syncs_it_later()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE"));
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync();
        var failed = await tenant.WaitForNotebookAsync(created.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);
        Assert.Equal("INVALID_PARAMETER_VALUE", failed.Sync.LastError?.Code);
        Assert.False(string.IsNullOrWhiteSpace(failed.Sync.LastError?.Message));

        await Fixture.Emulator.ClearFaultsAsync();
        using var retry = await tenant.Http.PostAsync($"/api/v1/notebooks/{created.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);

        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);
        Assert.Null(synced.Sync.LastError);
    }

    [Fact]
    public async Task Retry_of_a_notebook_that_has_not_failed_is_a_conflict()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        using var retry = await tenant.Http.PostAsync($"/api/v1/notebooks/{created.Id}/retry", null);

        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Transient_errors_that_never_end_mark_the_notebook_failed_after_the_attempt_budget()
    {
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "error", Status: 503, ErrorCode: "TEMPORARILY_UNAVAILABLE"));
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync();
        var failed = await tenant.WaitForNotebookAsync(created.Id, n => n.Sync.Status == "failed", TimeSpan.FromSeconds(60), WorkerLog);

        Assert.Equal(6, failed.Sync.Attempts);
        Assert.Contains("gave up after 6 attempts", failed.Sync.LastError!.Message, StringComparison.Ordinal);
    }

    private async Task AssertSyncsOnceDespiteAsync(FaultRuleDto fault)
    {
        await Fixture.Emulator.SetFaultsAsync(fault);
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync();
        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);

        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, synced.Sync.NotebookPath!);
        Assert.Equal(1, remote.CreatedCount);
    }
}
