using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Jobs;

/// <summary>
/// Every tenant's jobs, by job id (ids are workspace-wide, so get, delete and runs need no tenant). Like Databricks'
/// jobs/create, a create never looks at names: two creates with one name are two jobs.
/// </summary>
internal sealed class JobStore(ObjectIds ids, ObjectLedger ledger, TimeProvider clock) : IEmulatorState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Job> _jobs = [];

    public Job Create(string tenantId, JobSettings settings)
    {
        lock (_gate)
        {
            var job = new Job(ids.Next(), tenantId, clock.GetUtcNow().ToUnixTimeMilliseconds(), settings);
            _jobs.Add(job.JobId, job);
            ledger.Created(tenantId, ObjectKinds.Job, settings.Name, job.JobId);
            return job;
        }
    }

    public Job Get(long jobId)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(jobId) ?? throw DoesNotExist(jobId);
        }
    }

    /// <summary>A job of this tenant; another tenant's job is answered as missing, so tenants cannot learn of each other's jobs.</summary>
    public Job GetOwned(long jobId, string tenantId)
    {
        var job = Get(jobId);
        return job.TenantId == tenantId ? job : throw DoesNotExist(jobId);
    }

    /// <summary>The tenant's jobs with exactly this name (all of them when no name is given), oldest first.</summary>
    public IReadOnlyList<Job> Find(string tenantId, string? name)
    {
        lock (_gate)
        {
            return _jobs.Values
                .Where(job => job.TenantId == tenantId)
                .Where(job => name is null || string.Equals(job.Settings.Name, name, StringComparison.Ordinal))
                .OrderBy(job => job.JobId)
                .ToList();
        }
    }

    /// <summary>jobs/reset: the job keeps its id and runs, its settings are replaced whole.</summary>
    public Job Reset(long jobId, string tenantId, JobSettings settings)
    {
        lock (_gate)
        {
            var job = GetOwned(jobId, tenantId);
            var reset = job with { Settings = settings };
            _jobs[jobId] = reset;
            if (job.Settings.Name == settings.Name)
            {
                ledger.Modified(tenantId, ObjectKinds.Job, settings.Name);
            }
            else
            {
                ledger.Renamed(tenantId, ObjectKinds.Job, job.Settings.Name, settings.Name, jobId);
            }

            return reset;
        }
    }

    /// <summary>Deletes the job (its runs stay readable, as in Databricks); answers the job's tenant, for the log line.</summary>
    public string Delete(long jobId)
    {
        lock (_gate)
        {
            var job = Get(jobId);
            _jobs.Remove(jobId);
            ledger.Deleted(job.TenantId, ObjectKinds.Job, job.Settings.Name);
            return job.TenantId;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _jobs.Clear();
        }
    }

    /// <summary>Databricks answers a missing job with "Job 12 does not exist."; the contract makes it a 404.</summary>
    private static ConnectorException DoesNotExist(long jobId) => ConnectorException.DoesNotExist($"Job {jobId} does not exist.");
}
