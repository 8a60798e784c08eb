using System.ComponentModel.DataAnnotations;

namespace AgentProvision.SyncWorker;

/// <summary>Timings of the worker's loops (section <c>SyncWorker</c>). Defaults suit production; tests shorten them.</summary>
public sealed class SyncWorkerOptions
{
    public const string Section = "SyncWorker";

    /// <summary>How often the dispatcher looks for outbox rows when no NOTIFY arrived (the safety net).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan DispatcherPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10_000)]
    public int DispatcherBatchSize { get; set; } = 100;

    /// <summary>
    /// At most this many messages wait, ready, in the sync queue: beyond it the dispatcher leaves rows in the outbox,
    /// where claims are fair between tenants (0: no limit). Small enough that another tenant's change is never stuck behind
    /// one tenant's backlog for long, large enough to keep every consumer busy between two dispatches.
    /// </summary>
    [Range(0, 1_000_000)]
    public int BrokerWindow { get; set; } = 64;

    /// <summary>A publish not confirmed by RabbitMQ within this time counts as failed; the row is sent again later.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Failed publishes after which an outbox row is parked: never claimed again until an operator requeues it
    /// (<c>POST /api/v1/ops/outbox/{id}/requeue</c>), so one unsendable row cannot keep the dispatcher busy forever.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxPublishAttempts { get; set; } = 10;

    /// <summary>
    /// How often the outbox backlog and RabbitMQ queue depths are read for <c>/metrics</c>: scrapes read the last
    /// sample, so however often (or by however many) the worker is scraped, the database and broker see one read per interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MetricsSampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Dispatched outbox rows are deleted after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often dispatched rows past <see cref="OutboxRetention"/> are deleted (in batches of 1000).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan OutboxCleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the reconciler looks for resources whose retry or sync deadline is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts (each with the connector client's own quick retries) before a resource is marked failed.</summary>
    [Range(1, 1000)]
    public int MaxSyncAttempts { get; set; } = 8;

    /// <summary>First durable backoff after a transient failure; it doubles per attempt up to <see cref="MaxBackoff"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many messages one worker syncs at once. Each waits on the connector most of its time and holds no database
    /// connection meanwhile, so this can be high; the connector's rate limits (section <c>Connector:RateLimits</c>) bound the load.
    /// </summary>
    [Range(1, 10_000)]
    public int ConsumerConcurrency { get; set; } = 256;

    /// <summary>
    /// How long a worker holds a resource's sync lease before another may take it over; renewed every third of it
    /// while the attempt runs, so it only matters when a worker dies mid-attempt.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a sync that needs another resource first (a dataset's catalog) waits for another worker holding it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan InlineLeaseWait { get; set; } = TimeSpan.FromSeconds(15);
}
