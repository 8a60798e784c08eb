namespace AgentProvision.Api.Ops;

/// <summary>
/// What the ops dashboard shows, computed once per <see cref="OpsOptions.DashboardInterval"/> for every open page.
/// Names and states only: never a resource's content or an outbox payload.
/// </summary>
public sealed record OpsSnapshot(
    DateTimeOffset At,
    long Sequence,
    OutboxStats Outbox,
    IReadOnlyList<ParkedOutboxMessage> Parked,
    BrokerState Broker,
    IReadOnlyList<SyncCount> SyncCounts,
    DateTimeOffset SettledCountsAt,
    IReadOnlyList<TenantBacklog> TopTenants,
    IReadOnlyList<SyncFailure> Failures,
    SyncLatency Latency,
    ConnectorState Connector,
    IReadOnlyList<WorkerSeen> Workers);

/// <summary>Undispatched (unparked) rows, the oldest one's age, parked rows, and rows dispatched in the last minute.</summary>
public sealed record OutboxStats(long Undispatched, double OldestAgeSeconds, long Parked, long DispatchedLastMinute);

/// <summary>RabbitMQ as a passive declare sees it; <see cref="Configured"/> false when <c>RabbitMq:Uri</c> is not set.</summary>
public sealed record BrokerState(bool Configured, string? Error, IReadOnlyList<QueueState> Queues);

public sealed record QueueState(string Queue, bool Exists, long Ready, long Consumers);

/// <summary>
/// Live resources of one kind in one state (deleted ones are not counted). Pending, syncing and failed are fresh in every
/// snapshot; the settled states (synced, local_only) are counted every tenth snapshot (<see cref="OpsSnapshot.SettledCountsAt"/>).
/// </summary>
public sealed record SyncCount(string Kind, string Status, long Count);

/// <summary>A tenant with resources not yet synced (pending, syncing or failed).</summary>
public sealed record TenantBacklog(Guid TenantId, string TenantName, long Unsynced, long Failed);

public sealed record SyncFailure(
    string Kind, Guid TenantId, string TenantName, Guid Id, string Name, string? ErrorCode, string? ErrorMessage, DateTimeOffset FailedAt);

/// <summary>Change → synced of the resources synced in the last five minutes: how many, per second, p50 and p99 in seconds.</summary>
public sealed record SyncLatency(long Synced, double PerSecond, double? P50Seconds, double? P99Seconds);

/// <summary>The connector's health (<c>healthy</c>, <c>unhealthy</c>, <c>disabled</c>) and the API's circuit breaker (closed, open, half-open).</summary>
public sealed record ConnectorState(string Status, bool DatabricksConnected, string? Error, string Circuit);

public sealed record WorkerSeen(string Id, string Host, DateTimeOffset StartedAt, DateTimeOffset SeenAt);

/// <summary>One tenant's live resources per kind and state (the dashboard's drill-down).</summary>
public sealed record TenantSyncCounts(Guid TenantId, string? TenantName, IReadOnlyList<SyncCount> Counts);

/// <summary>What <c>POST /api/v1/ops/resources/retry-failed</c> put back in line, per kind; <see cref="More"/>: call again.</summary>
public sealed record RetryFailedResult(IReadOnlyDictionary<string, int> Requeued, int Total, bool More);
