using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace AgentProvision.Api.Ops;

/// <summary>
/// The worker's queues as the broker sees them (ready messages, consumers), read with a passive declare over one small
/// connection of the API's own, as the worker's <c>QueueDepthSampler</c> does: no management plugin needed. Optional:
/// without <c>RabbitMq:Uri</c> the dashboard says the broker is not configured. Called by <see cref="OpsSnapshotSource"/>
/// only, one call at a time.
/// </summary>
public sealed class BrokerProbe(IConfiguration configuration, ILogger<BrokerProbe> logger) : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private IConnection? connection;

    public async Task<BrokerState> ReadAsync(CancellationToken cancellationToken)
    {
        var uri = configuration["RabbitMq:Uri"];
        if (string.IsNullOrWhiteSpace(uri))
        {
            return new BrokerState(false, null, []);
        }

        // The names MassTransit gives the worker's queues (kebab-case consumer name under the prefix, then _error/_skipped).
        var prefix = configuration["RabbitMq:Prefix"];
        var syncQueue = string.IsNullOrEmpty(prefix) ? "resource-sync" : $"{prefix}-resource-sync";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            if (connection is not { IsOpen: true })
            {
                await DropConnectionAsync();
                var factory = new ConnectionFactory
                {
                    Uri = new Uri(uri), AutomaticRecoveryEnabled = false, RequestedConnectionTimeout = Timeout,
                };
                connection = await factory.CreateConnectionAsync("agentprovision-api-ops", deadline.Token);
            }

            var queues = new List<QueueState>(3);
            foreach (var queue in new[] { syncQueue, $"{syncQueue}_error", $"{syncQueue}_skipped" })
            {
                // A passive declare of a missing queue closes its channel (404), so each queue gets a channel of its own.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: deadline.Token);
                try
                {
                    var ok = await channel.QueueDeclarePassiveAsync(queue, deadline.Token);
                    queues.Add(new QueueState(queue, true, ok.MessageCount, ok.ConsumerCount));
                }
                catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
                {
                    queues.Add(new QueueState(queue, false, 0, 0));
                }
            }

            return new BrokerState(true, null, queues);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "Could not read RabbitMQ queue depths for the ops dashboard");
            await DropConnectionAsync();
            return new BrokerState(true, exception is OperationCanceledException ? "the broker did not answer within 2 s" : exception.Message, []);
        }
    }

    public async ValueTask DisposeAsync() => await DropConnectionAsync();

    private async Task DropConnectionAsync()
    {
        if (connection is null)
        {
            return;
        }

        try
        {
            await connection.DisposeAsync();
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Closing the ops connection to RabbitMQ failed");
        }

        connection = null;
    }
}
