using System.Diagnostics.Metrics;
using AgentProvision.ServiceDefaults;
using AgentProvision.SyncWorker.Sync;
using MassTransit;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// Depth of the worker's queues (the sync queue and MassTransit's <c>_error</c> and <c>_skipped</c> queues beside it) as
/// observable gauges: ready messages and consumers per queue. Read with a passive queue declare over a small connection
/// of its own (RabbitMQ.Client, which MassTransit already brings), once per <see cref="SyncWorkerOptions.MetricsSampleInterval"/>:
/// no management plugin needed, and scrapes never reach the broker. A queue that does not exist (an error queue before the
/// first fault) is not reported; while the broker is unreachable nothing is.
/// </summary>
public sealed class QueueDepthSampler : BackgroundService
{
    private readonly IOptions<RabbitMqOptions> rabbit;
    private readonly IOptions<SyncWorkerOptions> options;
    private readonly ILogger<QueueDepthSampler> logger;
    private readonly string[] queues;
    private volatile IReadOnlyList<QueueDepth> last = [];
    private IConnection? connection;

    public QueueDepthSampler(
        IOptions<RabbitMqOptions> rabbit, IOptions<SyncWorkerOptions> options, IMeterFactory meterFactory, ILogger<QueueDepthSampler> logger)
    {
        this.rabbit = rabbit;
        this.options = options;
        this.logger = logger;
        // The names MassTransit gives them (MessagingRegistration's formatter).
        var syncQueue = ResourceSyncConsumerDefinition.SyncQueueName(rabbit.Value.Prefix);
        queues = [syncQueue, $"{syncQueue}_error", $"{syncQueue}_skipped"];

        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        meter.CreateObservableGauge("agentprovision.rabbitmq.queue.ready", () => last.Select(q => Measure(q.Ready, q.Queue)),
            "{message}", "Messages ready for delivery in the queue.");
        meter.CreateObservableGauge("agentprovision.rabbitmq.queue.consumers", () => last.Select(q => Measure(q.Consumers, q.Queue)),
            "{consumer}", "Consumers attached to the queue.");
    }

    private static Measurement<long> Measure(long value, string queue) => new(value, new KeyValuePair<string, object?>("queue", queue));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                last = await SampleAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                last = [];
                logger.LogWarning("Could not read RabbitMQ queue depths for /metrics: {Error}", exception.Message);
                await DropConnectionAsync();
            }

            try
            {
                await Task.Delay(options.Value.MetricsSampleInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await DropConnectionAsync();
    }

    private async Task<IReadOnlyList<QueueDepth>> SampleAsync(CancellationToken cancellationToken)
    {
        if (connection is not { IsOpen: true })
        {
            await DropConnectionAsync();
            var factory = new ConnectionFactory { Uri = new Uri(rabbit.Value.Uri), AutomaticRecoveryEnabled = false };
            connection = await factory.CreateConnectionAsync("agentprovision-worker-metrics", cancellationToken);
        }

        var depths = new List<QueueDepth>(queues.Length);
        foreach (var queue in queues)
        {
            // A passive declare of a missing queue closes its channel (404), so each queue gets a channel of its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                depths.Add(new QueueDepth(queue, ok.MessageCount, ok.ConsumerCount));
            }
            catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
            {
                // Not declared (yet): nothing to report.
            }
        }

        return depths;
    }

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
            logger.LogDebug(exception, "Closing the metrics connection to RabbitMQ failed");
        }

        connection = null;
    }

    private sealed record QueueDepth(string Queue, long Ready, long Consumers);
}
