using AgentProvision.SyncWorker.Sync;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// How many more messages the dispatcher may publish now: <see cref="SyncWorkerOptions.BrokerWindow"/> minus those
/// already ready in the sync queue. The outbox is the waiting room, where claims are fair between tenants; the queue is
/// only a short conveyor. Were the whole backlog published at once, another tenant's change would queue behind it.
/// Read with a passive declare over a small connection of its own; when the broker cannot be asked, the window is
/// open (publishing then fails and backs off on its own).
/// </summary>
public sealed class SyncQueueWindow : IAsyncDisposable
{
    private readonly IOptions<RabbitMqOptions> rabbit;
    private readonly IOptions<SyncWorkerOptions> options;
    private readonly ILogger<SyncQueueWindow> logger;
    private readonly string queue;
    private readonly SemaphoreSlim gate = new(1, 1);
    private IConnection? connection;
    private IChannel? channel;

    public SyncQueueWindow(IOptions<RabbitMqOptions> rabbit, IOptions<SyncWorkerOptions> options, ILogger<SyncQueueWindow> logger)
    {
        this.rabbit = rabbit;
        this.options = options;
        this.logger = logger;
        queue = ResourceSyncConsumerDefinition.SyncQueueName(rabbit.Value.Prefix);
    }

    /// <summary>How many messages may be published now (at least 0; the whole batch when the window is off or unknown).</summary>
    public async Task<int> RoomAsync(int wanted, CancellationToken cancellationToken)
    {
        var window = options.Value.BrokerWindow;
        if (window == 0)
        {
            return wanted;
        }

        var ready = await ReadyAsync(cancellationToken);
        return ready is { } count ? (int)Math.Clamp(window - count, 0, wanted) : wanted;
    }

    private async Task<long?> ReadyAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (channel is not { IsOpen: true })
            {
                await DropAsync();
                var factory = new ConnectionFactory { Uri = new Uri(rabbit.Value.Uri), AutomaticRecoveryEnabled = false };
                connection = await factory.CreateConnectionAsync("agentprovision-worker-window", cancellationToken);
                channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            }

            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not declared yet (before the first consumer starts), or the broker is away: publish and let that decide.
            logger.LogDebug("Could not read the depth of {Queue}: {Error}", queue, exception.Message);
            await DropAsync();
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DropAsync()
    {
        try
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Closing the window connection to RabbitMQ failed");
        }

        channel = null;
        connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        gate.Dispose();
    }
}
