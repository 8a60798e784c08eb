using System.Diagnostics;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class FaultModeTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    private string Daily => ConnectorCalls.NotebookPath(_tenant, "daily");

    [Fact]
    public async Task Error_fault_answers_its_status_until_its_times_run_out_and_changes_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync(
            """{"operation":"notebooks.create","mode":"error","status":503,"error_code":"TEMPORARILY_UNAVAILABLE","retry_after_seconds":null,"rate":1.0,"times":2,"latency_ms":0}""");

        await (await emulator.Http.CreateNotebookAsync(_tenant, "daily")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        Assert.Equal(1, (await emulator.Http.GetFaultsAsync())[0].GetProperty("times").GetInt32());
        await (await emulator.Http.GetNotebookAsync(_tenant, Daily)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.CreateNotebookAsync(_tenant, "daily")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        await (await emulator.Http.CreateNotebookAsync(_tenant, "daily")).ReadAsync<NotebookInfo>();

        Assert.Equal(0, (await emulator.Http.GetFaultsAsync())[0].GetProperty("times").GetInt32());
    }

    [Fact]
    public async Task Error_fault_only_hits_its_own_operation()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.create","mode":"error"}""");

        var catalog = await emulator.Http.CreateCatalogAsync(_tenant, "sales");

        catalog.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Throttle_fault_answers_429_with_an_integer_Retry_After_header()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultsAsync("""
            {"rules":[
              {"operation":"catalogs.create","mode":"throttle","retry_after_seconds":7,"times":1},
              {"operation":"catalogs.status","mode":"throttle","times":1}
            ]}
            """);

        var create = await emulator.Http.CreateCatalogAsync(_tenant, "sales");
        var get = await emulator.Http.GetAsync(ConnectorRoutes.CatalogStatus(_tenant));

        await create.ShouldFailAsync(429, ConnectorErrorCodes.RequestLimitExceeded);
        Assert.Equal(TimeSpan.FromSeconds(7), create.Headers.RetryAfter?.Delta);
        await get.ShouldFailAsync(429, ConnectorErrorCodes.RequestLimitExceeded);
        Assert.Equal(TimeSpan.FromSeconds(1), get.Headers.RetryAfter?.Delta);
        Assert.False((await emulator.Http.CatalogStatusAsync(_tenant)).Exists);
    }

    [Fact]
    public async Task Hang_fault_never_answers_until_the_client_gives_up_and_changes_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.create","mode":"hang","times":1}""");
        using var clientTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var started = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => emulator.Http.CreateNotebookAsync(_tenant, "daily", cancellationToken: clientTimeout.Token));

        Assert.True(started.ElapsedMilliseconds >= 450, $"gave up after {started.ElapsedMilliseconds} ms");
        await (await emulator.Http.GetNotebookAsync(_tenant, Daily)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        Assert.DoesNotContain(await emulator.Http.ObjectsAsync(_tenant), entry => entry.Kind == "notebook");
    }

    [Fact]
    public async Task A_hung_call_does_not_hold_up_stopping_the_emulator()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"health","mode":"hang"}""");
        // A client of its own that never gives up: only the emulator can end this call.
        using var patientClient = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var hung = patientClient.GetAsync(ConnectorRoutes.Health);
        await WaitUntilAsync(async () => (await emulator.Http.CallsAsync())["health"] == 1);

        var stopping = Stopwatch.StartNew();
        await emulator.StopAsync();

        // The host would otherwise wait its whole 30 s shutdown timeout for the hung request.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
        var response = await hung;
        await response.ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
    }

    [Fact]
    public async Task After_state_change_fault_keeps_the_created_notebook_but_answers_503()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.create","mode":"after_state_change","times":1}""");

        await (await emulator.Http.CreateNotebookAsync(_tenant, "daily")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);

        var notebook = await (await emulator.Http.GetNotebookAsync(_tenant, Daily)).ReadAsync<NotebookDetails>();
        Assert.Equal(ConnectorCalls.NotebookText, notebook.Content);
        // The naive retry: the caller never learned of the first create, so it meets its own notebook.
        await (await emulator.Http.CreateNotebookAsync(_tenant, "daily")).ShouldFailAsync(400, ConnectorErrorCodes.ResourceAlreadyExists);
        Assert.Equal(1, Assert.Single(await emulator.Http.ObjectsAsync(_tenant, Daily)).CreatedCount);
    }

    [Fact]
    public async Task After_state_change_fault_can_answer_another_status()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"catalogs.create","mode":"after_state_change","status":500}""");

        await (await emulator.Http.CreateCatalogAsync(_tenant, "sales")).ShouldFailAsync(500, ConnectorErrorCodes.InternalError);

        Assert.Equal("sales", (await emulator.Http.CatalogStatusAsync(_tenant)).CatalogName);
    }

    [Fact]
    public async Task Latency_fault_delays_the_answer_then_proceeds_normally()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"catalogs.create","mode":"latency","latency_ms":300}""");

        var started = Stopwatch.StartNew();
        var response = await emulator.Http.CreateCatalogAsync(_tenant, "sales");

        Assert.True(started.ElapsedMilliseconds >= 290, $"answered after {started.ElapsedMilliseconds} ms");
        await response.ReadAsync<CatalogCreated>();
    }

    [Fact]
    public async Task Configured_base_latency_slows_every_connector_call()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:LatencyMs"] = "300" });

        var started = Stopwatch.StartNew();
        (await emulator.Http.GetAsync(ConnectorRoutes.Health)).EnsureSuccessStatusCode();

        Assert.True(started.ElapsedMilliseconds >= 290, $"answered after {started.ElapsedMilliseconds} ms");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(20);
        }
    }
}
