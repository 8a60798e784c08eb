using AgentProvision.SyncWorker;
using AgentProvision.SyncWorker.Messaging;
using AgentProvision.SyncWorker.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace AgentProvision.Tests.Outbox;

/// <summary>The dispatcher's window on the sync queue, against a real RabbitMQ queue of the test's own.</summary>
public sealed class SyncQueueWindowTests
{
    [Fact]
    public async Task Between_looks_the_window_counts_what_was_published_and_asks_the_broker_only_once_that_fills_it()
    {
        var prefix = $"window-{Guid.NewGuid():N}"[..19];
        var queue = ResourceSyncConsumerDefinition.SyncQueueName(prefix);
        var factory = new ConnectionFactory { Uri = new Uri(await TestEnvironment.RabbitMqAsync()) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        try
        {
            for (var i = 0; i < 10; i++)
            {
                await channel.BasicPublishAsync("", queue, "{}"u8.ToArray());
            }

            await WaitForReadyAsync(channel, queue, 10);
            await using var window = new SyncQueueWindow(
                Options.Create(new RabbitMqOptions { Uri = await TestEnvironment.RabbitMqAsync(), Prefix = prefix }),
                Options.Create(new SyncWorkerOptions { BrokerWindow = 16, BrokerWindowRecheck = TimeSpan.FromHours(1) }),
                NullLogger<SyncQueueWindow>.Instance);

            // A first look: 10 ready, room for 6.
            Assert.Equal(6, await window.RoomAsync(100, CancellationToken.None));

            // The queue drains, but with room left by its own count the window does not ask: still 6.
            await channel.QueuePurgeAsync(queue);
            Assert.Equal(6, await window.RoomAsync(100, CancellationToken.None));

            // Its count fills the window (10 seen + 6 published): it asks again, and finds the queue empty.
            window.Published(6);
            Assert.Equal(16, await window.RoomAsync(100, CancellationToken.None));
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    private static async Task WaitForReadyAsync(IChannel channel, string queue, uint count)
    {
        for (var i = 0; i < 100 && (await channel.QueueDeclarePassiveAsync(queue)).MessageCount < count; i++)
        {
            await Task.Delay(20);
        }
    }
}
