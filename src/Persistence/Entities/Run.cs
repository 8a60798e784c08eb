namespace AgentProvision.Persistence.Entities;

/// <summary>
/// One run of a notebook or a pipeline, asked for through the API (or started by a pipeline's schedule in Databricks).
/// A run is a resource on the shared sync path: generation 1 asks for the submit, a cancel is a later generation. Its
/// Databricks ids (run id, page URL, number in job) live in <c>metadata_</c>; its state follows Databricks through the
/// worker's run status poller.
/// </summary>
public sealed class Run : SyncedResource, IResourceKind
{
    public static string Kind => "run";

    /// <summary><see cref="Notebook.Kind"/> or <see cref="DataPipeline.Kind"/>.</summary>
    public required string TargetKind { get; set; }

    public Guid TargetId { get; set; }

    /// <summary>Run parameters, a JSON object of strings (notebook widgets or job parameters).</summary>
    public string Parameters { get; set; } = "{}";

    /// <summary><c>api</c> for a run asked for here, <c>schedule</c> for one the job's schedule started in Databricks.</summary>
    public string Origin { get; set; } = RunOrigins.Api;

    /// <summary>The user asked to cancel: before the submit it never starts; after, Databricks is asked to cancel it.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>The Databricks run id once submitted (also in metadata); unique per tenant, so a scheduled run is recorded once.</summary>
    public long? RemoteRunId { get; set; }

    /// <summary>Databricks' life-cycle state: QUEUED until submitted here, then PENDING, RUNNING, TERMINATING, TERMINATED, SKIPPED, INTERNAL_ERROR.</summary>
    public string LifeCycleState { get; set; } = RunStates.Queued;

    /// <summary>SUCCESS, FAILED, TIMEDOUT or CANCELED once the run ended.</summary>
    public string? ResultState { get; set; }

    public string? StateMessage { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Milliseconds, as Databricks reports it.</summary>
    public long? ExecutionDuration { get; set; }

    public string? RunPageUrl { get; set; }
    public long? NumberInJob { get; set; }

    /// <summary>Per-task states of a job run (JSON array).</summary>
    public string Tasks { get; set; } = "[]";

    public string? Output { get; set; }

    /// <summary>When the poller should look at this run next; null once it has finished (a finished state is final).</summary>
    public DateTimeOffset? NextPollAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Sent with the submit; the server answers the same run for the same token, so a retried submit never starts a second run.</summary>
    public static string IdempotencyTokenFor(Guid runId) => $"agentprovision-run-{runId:N}";
}

public static class RunOrigins
{
    public const string Api = "api";
    public const string Schedule = "schedule";
}

public static class RunStates
{
    public const string Queued = "QUEUED";
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Skipped = "SKIPPED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string Canceled = "CANCELED";

    /// <summary>Life-cycle states after which nothing changes.</summary>
    public static bool IsFinal(string lifeCycleState) => lifeCycleState is Terminated or Skipped or InternalError;
}
