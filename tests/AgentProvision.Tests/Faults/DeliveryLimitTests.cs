using System.Text;
using AgentProvision.SyncWorker.Messaging;
using AgentProvision.SyncWorker.Sync;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace AgentProvision.Tests.Faults;

/// <summary>
/// A message whose consumer never finishes it (it dies or gives it back, again and again) is not redelivered forever
/// nor dropped: the sync quorum queue dead-letters it into the <c>_error</c> queue after the delivery limit, and the
/// resource still syncs, because the reconciler re-sends it from its row.
/// </summary>
public sealed class DeliveryLimitTests(SystemFixture system) : SystemTest(system)
{
    private const int DeliveryLimit = 20; // RabbitMq:DeliveryLimit's default

    [Fact]
    public async Task A_message_redelivered_past_the_limit_lands_in_the_error_queue_and_its_notebook_still_syncs()
    {
        var tenant = await NewTenantAsync();
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        // As if the dispatcher had published it: the outbox row is marked dispatched, its message is in the queue.
        var created = await tenant.CreateNotebookAsync("redelivered until the broker gives up");
        await using (var db = Fixture.NewDbContext())
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.ResourceId == created.Id);
            row.DispatchedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        var queue = ResourceSyncConsumerDefinition.SyncQueueName(Fixture.RabbitPrefix);
        var messageId = Guid.NewGuid().ToString();
        var factory = new ConnectionFactory { Uri = new Uri(await TestEnvironment.RabbitMqAsync()) };
        await using var connection = await factory.CreateConnectionAsync();
        await using (var publish = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties { MessageId = messageId, Persistent = true };
            await publish.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes("{\"poison\": true}"));
        }

        // A consumer that gives every delivery back, as one that crashes mid-message does.
        var deliveries = 0;
        await using (var consume = await connection.CreateChannelAsync())
        {
            var consumer = new AsyncEventingBasicConsumer(consume);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                if (delivery.BasicProperties.MessageId == messageId)
                {
                    Interlocked.Increment(ref deliveries);
                }

                await consume.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
            };
            await consume.BasicConsumeAsync(queue, autoAck: false, consumer);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!await ErrorQueueHoldsAsync(connection, SyncQueueTopology.ErrorQueueName(queue), messageId))
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"after {deliveries} deliveries the message is still not in {SyncQueueTopology.ErrorQueueName(queue)}");
                await Task.Delay(200);
            }
        }

        Assert.InRange(deliveries, DeliveryLimit, DeliveryLimit + 1);

        // The row is the source of truth: with the message gone, the reconciler sends the notebook again.
        await Fixture.StartWorkerAsync();
        await tenant.WaitUntilSyncedAsync(created, TimeSpan.FromSeconds(60), WorkerLog);
    }

    /// <summary>Looks through the error queue without taking anything: what it reads goes back when the channel closes.</summary>
    private static async Task<bool> ErrorQueueHoldsAsync(IConnection connection, string errorQueue, string messageId)
    {
        await using var channel = await connection.CreateChannelAsync();
        for (var i = 0; i < 1000; i++)
        {
            var message = await channel.BasicGetAsync(errorQueue, autoAck: false);
            if (message is null)
            {
                return false;
            }

            if (message.BasicProperties.MessageId == messageId)
            {
                return true;
            }
        }

        return false;
    }
}
