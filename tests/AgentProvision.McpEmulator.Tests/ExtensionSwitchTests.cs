using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>With extensions off the emulator is a server of the original contract only, as the client's fallbacks expect.</summary>
public sealed class ExtensionSwitchTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    private static Task<RunningEmulator> StartWithoutExtensionsAsync()
        => RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Extensions"] = "false" });

    [Fact]
    public async Task Notebook_lookup_answers_a_seed_servers_404_without_error_code()
    {
        await using var emulator = await StartWithoutExtensionsAsync();
        await emulator.Http.NewNotebookAsync(_tenant, "daily");

        await (await emulator.Http.LookupNotebookAsync(_tenant, "daily")).ShouldBeMissingRouteAsync(404);
    }

    /// <summary>The original contract has other methods on these paths, so FastAPI answers 405 there, not 404.</summary>
    [Fact]
    public async Task Job_find_by_name_and_job_update_answer_405_as_the_paths_exist_for_other_methods()
    {
        await using var emulator = await StartWithoutExtensionsAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var find = await emulator.Http.FindJobsAsync(_tenant, "daily-etl");
        var update = await emulator.Http.UpdateJobAsync(job.JobId, new UpdateJobRequest(_tenant, "renamed", []));

        await find.ShouldBeMissingRouteAsync(405);
        Assert.Equal(["POST"], find.Content.Headers.Allow);
        await update.ShouldBeMissingRouteAsync(405);
        Assert.Equal(["DELETE", "GET"], update.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal("daily-etl", (await (await emulator.Http.GetJobAsync(job.JobId)).ReadAsync<JobDetails>()).Name);
    }

    [Fact]
    public async Task A_missing_extension_route_answers_before_the_key_check_as_a_router_does()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?>
        {
            ["Emulator:Extensions"] = "false",
            [RunningEmulator.ApiKeySetting] = "secret",
        });
        using var withoutKey = new HttpClient { BaseAddress = emulator.BaseAddress };

        await (await withoutKey.LookupNotebookAsync(_tenant, "daily")).ShouldBeMissingRouteAsync(404);
    }

    [Fact]
    public async Task The_idempotency_token_is_ignored_and_not_echoed()
    {
        await using var emulator = await StartWithoutExtensionsAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var first = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-1")).ReadAsync<RunSubmitted>();
        var second = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-1")).ReadAsync<RunSubmitted>();
        var execute = await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path, "exec-1")).ReadAsync<RunSubmitted>();

        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal((null, null, null), (first.IdempotencyToken, second.IdempotencyToken, execute.IdempotencyToken));
    }

    [Fact]
    public async Task The_update_language_is_ignored()
    {
        await using var emulator = await StartWithoutExtensionsAsync();
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var updated = await (await emulator.Http.UpdateNotebookAsync(_tenant, notebook.Path, "SELECT 1", "sql")).ReadAsync<NotebookInfo>();

        Assert.Equal("PYTHON", updated.Language);
        Assert.Equal("SELECT 1", (await (await emulator.Http.GetNotebookAsync(_tenant, notebook.Path)).ReadAsync<NotebookDetails>()).Content);
    }

    [Fact]
    public async Task The_switch_can_be_read_and_flipped_at_run_time()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.NewNotebookAsync(_tenant, "daily");
        Assert.Equal("""{"enabled":true}""", await emulator.Http.GetStringAsync("/_emulator/extensions"));

        await emulator.Http.SetExtensionsAsync(false);
        var off = await emulator.Http.LookupNotebookAsync(_tenant, "daily");
        await emulator.Http.SetExtensionsAsync(true);
        var on = await emulator.Http.LookupNotebookAsync(_tenant, "daily");

        await off.ShouldBeMissingRouteAsync(404);
        await on.ReadAsync<NotebookInfo>();
    }

    [Fact]
    public async Task Calls_to_a_missing_extension_are_still_counted()
    {
        await using var emulator = await StartWithoutExtensionsAsync();

        await emulator.Http.FindJobsAsync(_tenant, "daily-etl");

        Assert.Equal(1, (await emulator.Http.CallsAsync())["jobs.list"]);
    }
}
