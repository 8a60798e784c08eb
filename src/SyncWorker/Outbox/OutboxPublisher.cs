using System.Diagnostics;
using System.Text.Json;
using AgentProvision.Contracts.Messages;
using AgentProvision.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>Publishes one outbox row through MassTransit and waits for RabbitMQ's publisher confirm.</summary>
public sealed class OutboxPublisher(IBus bus, IOptions<SyncWorkerOptions> options)
{
    private static readonly ActivitySource Source = new(ServiceDefaultsExtensions.TelemetryName);

    /// <summary>Null when published, else why not (the row then backs off; it never blocks the others).</summary>
    public async Task<string?> TryPublishAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (!MessageTypes.TryResolve(row.MessageType, out var type))
        {
            return $"Unknown message type '{row.MessageType}'; is this worker older than the API that wrote it?";
        }

        object? message;
        try
        {
            message = JsonSerializer.Deserialize(row.Payload, type);
        }
        catch (JsonException exception)
        {
            return $"Payload does not deserialize as {type.Name}: {exception.Message}";
        }

        if (message is null)
        {
            return "Payload is null.";
        }

        // Continue the trace of the API request that wrote the row, so one trace spans API → worker → connector.
        ActivityContext.TryParse(row.TraceParent, null, out var parent);
        using var activity = Source.StartActivity("outbox publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.message.id", row.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            // The outbox id is the MessageId: a re-send after a crash carries the same id.
            await bus.Publish(message, type, context => context.MessageId = row.Id, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"RabbitMQ did not confirm the publish within {options.Value.PublishTimeout.TotalSeconds:F1} s.";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }
}
