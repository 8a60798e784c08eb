using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>
/// Every run, of jobs and of notebooks, in one store with one id space, as Databricks' Jobs service keeps them.
/// Holds the idempotency tokens: per tenant, reserved for as long as the emulator's state lives.
/// </summary>
internal sealed class RunStore(ObjectIds ids, ObjectLedger ledger, TimeProvider clock, RunBehaviour behaviour, WorkspaceUrls urls)
    : IEmulatorState
{
    /// <summary>Databricks' limit on <c>idempotency_token</c>.</summary>
    public const int MaxTokenLength = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Run> _runs = [];
    private readonly Dictionary<(string TenantId, string Token), long> _runsByToken = [];
    private readonly Dictionary<long, long> _lastNumberInJob = [];

    public long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Starts a run, or answers the run its idempotency token already started, whatever that run belonged to
    /// (Databricks keys tokens workspace-wide, not per job).
    /// </summary>
    public Run Submit(RunRequest request)
    {
        if (request.IdempotencyToken is { Length: > MaxTokenLength } token)
        {
            throw ConnectorException.InvalidParameter($"idempotency_token is {token.Length} characters long; at most {MaxTokenLength} are allowed.");
        }

        lock (_gate)
        {
            if (request.IdempotencyToken is { } key && _runsByToken.TryGetValue((request.TenantId, key), out var earlier))
            {
                return _runs[earlier];
            }

            var runId = ids.Next();
            long? numberInJob = request.JobId is { } jobId ? _lastNumberInJob[jobId] = _lastNumberInJob.GetValueOrDefault(jobId) + 1 : null;
            var run = new Run(
                runId,
                request.TenantId,
                request.JobId,
                numberInJob,
                request.NotebookPath,
                request.Trigger,
                request.JobId is { } job ? urls.JobRun(job, runId) : urls.OneOffRun(runId),
                request.TaskKeys.Select(taskKey => new RunTask(taskKey, ids.Next())).ToList(),
                Now,
                behaviour.PlanFor(request.JobId, request.NotebookPath),
                request.IdempotencyToken);
            _runs.Add(runId, run);
            if (request.IdempotencyToken is { } newKey)
            {
                _runsByToken.Add((request.TenantId, newKey), runId);
            }

            ledger.Created(request.TenantId, ObjectKinds.Run, request.LedgerName, runId);
            return run;
        }
    }

    public Run Get(long runId)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(runId) ?? throw ConnectorException.DoesNotExist($"Run {runId} does not exist.");
        }
    }

    /// <summary>A job's runs, newest first, as jobs/runs/list answers them.</summary>
    public IReadOnlyList<Run> OfJob(long jobId, int limit)
    {
        lock (_gate)
        {
            return _runs.Values.Where(run => run.JobId == jobId).OrderByDescending(run => run.RunId).Take(limit).ToList();
        }
    }

    /// <summary>Cancels a run that has not terminated; cancelling a finished run changes nothing, as in Databricks.</summary>
    public Run Cancel(long runId)
    {
        lock (_gate)
        {
            var run = Get(runId);
            var now = Now;
            if (run.IsTerminatedAt(now))
            {
                return run;
            }

            var canceled = run with { CanceledAt = now };
            _runs[runId] = canceled;
            return canceled;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _runs.Clear();
            _runsByToken.Clear();
            _lastNumberInJob.Clear();
        }
    }
}
