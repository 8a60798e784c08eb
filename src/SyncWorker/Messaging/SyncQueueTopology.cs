using MassTransit;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// The sync queue is a quorum queue (replicated, durable) with a delivery limit, and a message that reaches the limit
/// is dead-lettered into the endpoint's <c>_error</c> queue — the one the ops dashboard shows — instead of being
/// dropped. RabbitMQ 3.10 sets no limit by default (a message that kills its consumer every time is redelivered
/// forever); 4.x defaults to 20 and drops without a dead-letter exchange. Either way nothing is lost for good: the
/// resource row is the source of truth, and the reconciler sends it again once its sync deadline passes.
/// </summary>
/// <remarks>
/// A classic queue of the same name cannot be redeclared as a quorum queue (PRECONDITION_FAILED): delete the old
/// classic sync queues when upgrading (README, "Recovery").
/// </remarks>
public static class SyncQueueTopology
{
    private const string QueueType = "x-queue-type";
    private const string DeliveryLimit = "x-delivery-limit";
    private const string DeadLetterExchange = "x-dead-letter-exchange";

    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, string queueName, int deliveryLimit)
    {
        endpoint.SetQuorumQueue();
        endpoint.SetQueueArgument(DeliveryLimit, deliveryLimit);
        // MassTransit's error queue is `{queue}_error`, fed by a fanout exchange of the same name. Declaring both now
        // (MassTransit would only on the first fault) means a dead-lettered message always has somewhere to go.
        var error = ErrorQueueName(queueName);
        endpoint.BindDeadLetterQueue(error, error, queue => queue.SetQueueArgument(QueueType, "quorum"));
    }

    /// <summary>
    /// MassTransit declares its <c>_error</c> and <c>_skipped</c> queues with the receive queue's arguments. They keep
    /// the queue type, but not the delivery limit or dead-lettering (an error queue dead-lettering into itself), and so
    /// match what <see cref="Apply"/> declared; a mismatch would fail the declare with PRECONDITION_FAILED.
    /// </summary>
    public static void KeepOnlyQueueType(IRabbitMqQueueBindingConfigurator queue)
    {
        queue.SetQueueArgument(DeliveryLimit, null);
        queue.SetQueueArgument(DeadLetterExchange, null);
    }

    public static string ErrorQueueName(string queueName) => $"{queueName}_error";
}
