using System.Net;
using System.Text.Json;

namespace AgentProvision.Tests.Faults;

/// <summary>
/// RabbitMQ itself stopped and started again (not a proxy cut): the worker says it is not ready while the broker is
/// away, keeps the writes in the outbox, and syncs them once the broker is back. How quickly is measured by
/// bench/broker-restart-resume.sh; here the deadline is generous.
/// </summary>
public sealed class BrokerRestartTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Worker_is_not_ready_while_RabbitMQ_is_down_and_syncs_what_was_written_once_it_is_back()
    {
        var tenant = await NewTenantAsync();
        var worker = Fixture.Workers.Single(w => !w.HasExited);
        using var health = new HttpClient { BaseAddress = worker.Url };
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(health)).Status);

        await ServiceControl.StopRabbitMqAsync();
        try
        {
            var (status, body) = await WaitForReadinessAsync(health, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
            var reason = body.GetProperty("checks").GetProperty("rabbitmq");
            Assert.Equal("Unhealthy", reason.GetProperty("status").GetString());
            Assert.Contains("RabbitMQ unreachable", reason.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await health.GetAsync("/health/live")).StatusCode);

            var created = await tenant.CreateNotebookAsync("written while RabbitMQ is down");
            Assert.Equal("pending", created.Sync.Status);
            await ServiceControl.StartRabbitMqAsync();

            await WaitForReadinessAsync(health, HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            await tenant.WaitUntilSyncedAsync(created, TimeSpan.FromSeconds(60), WorkerLog);
        }
        finally
        {
            // Never leave the broker down for the tests that follow.
            await ServiceControl.StartRabbitMqAsync();
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient health)
    {
        using var response = await health.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> WaitForReadinessAsync(HttpClient health, HttpStatusCode expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ready = await ReadyAsync(health);
            if (ready.Status == expected)
            {
                return ready;
            }

            Assert.True(DateTime.UtcNow < deadline,
                $"/health/ready stayed {(int)ready.Status} ({ready.Body}) instead of {(int)expected} for {timeout}\n{WorkerLog()}");
            await Task.Delay(100);
        }
    }
}
