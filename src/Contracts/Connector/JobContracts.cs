namespace AgentProvision.Contracts.Connector;

public sealed record TaskDependency(string TaskKey);

public sealed record NotebookTask(string NotebookPath, IReadOnlyDictionary<string, string>? BaseParameters = null);

public sealed record SqlQuery(string Query);

public sealed record SqlTask(SqlQuery Query, string? WarehouseId = null);

public sealed record SparkPythonTask(string PythonFile, IReadOnlyList<string>? Parameters = null);

/// <summary>A Databricks job task as the original converted a pipeline task (seed-contract.md §4.3).</summary>
public sealed record JobTask(
    string TaskKey,
    IReadOnlyList<TaskDependency> DependsOn,
    NotebookTask? NotebookTask = null,
    SqlTask? SqlTask = null,
    SparkPythonTask? SparkPythonTask = null);

public sealed record JobSchedule(string QuartzCronExpression, string TimezoneId, string? PauseStatus = null);

/// <summary>
/// <c>POST /databricks/jobs</c> (create_job). Like Databricks' jobs/create it is not idempotent: every call makes a
/// new job. Callers that must not duplicate look the name up first (the find-by-name extension).
/// </summary>
public sealed record CreateJobRequest(string TenantId, string Name, IReadOnlyList<JobTask> Tasks, JobSchedule? Schedule = null);

public sealed record JobCreated(long JobId, string JobUrl, long CreatedTime);

/// <summary><c>GET /databricks/jobs/{job_id}</c> (get_job_status); also the items of the find-by-name extension.</summary>
public sealed record JobDetails(
    long JobId,
    string Name,
    string JobUrl,
    long CreatedTime,
    IReadOnlyList<JobTask> Tasks,
    JobSchedule? Schedule = null,
    string? TenantId = null);

/// <summary>Extension: <c>GET /databricks/jobs?tenant_id=&amp;name=</c>, the tenant's jobs with exactly that name.</summary>
public sealed record JobList(IReadOnlyList<JobDetails> Jobs);

/// <summary>Extension: <c>PUT /databricks/jobs/{job_id}</c>, replaces the job's settings in place (Databricks' jobs/reset).</summary>
public sealed record UpdateJobRequest(string TenantId, string Name, IReadOnlyList<JobTask> Tasks, JobSchedule? Schedule = null);

/// <summary>
/// <c>POST /databricks/jobs/{job_id}/run</c> (run_job). <paramref name="IdempotencyToken"/> is an extension with
/// Databricks' run-now semantics: the same token answers the same run.
/// </summary>
public sealed record RunJobRequest(
    string TenantId,
    IReadOnlyDictionary<string, string> JobParameters,
    string? IdempotencyToken = null);

/// <summary>
/// What run_job and execute_notebook answer. The server echoes <paramref name="IdempotencyToken"/> when it honoured it
/// (extension), so a client can tell a server that ignores the token.
/// </summary>
public sealed record RunSubmitted(long RunId, string RunPageUrl, long? NumberInJob = null, string? IdempotencyToken = null);

public sealed record RunTaskStatus(string TaskKey, long RunId, string LifeCycleState, string? ResultState = null);

/// <summary>
/// <c>GET /databricks/runs/{run_id}</c> (get_job_run_status) and <c>GET /databricks/notebooks/runs/{run_id}</c>
/// (get_notebook_run_status). <c>state</c> is the result state once terminated (SUCCESS, FAILED, CANCELED), else the
/// life-cycle state (PENDING, RUNNING, TERMINATING).
/// </summary>
public sealed record RunStatus(
    long RunId,
    string State,
    string LifeCycleState,
    string RunPageUrl,
    string? ResultState = null,
    string? StateMessage = null,
    long? StartTime = null,
    long? EndTime = null,
    long? ExecutionDuration = null,
    long? NumberInJob = null,
    long? JobId = null,
    string? Trigger = null,
    IReadOnlyList<RunTaskStatus>? Tasks = null,
    string? Output = null);

/// <summary><c>GET /databricks/jobs/{job_id}/runs?limit=</c> (list_job_runs): newest first.</summary>
public sealed record RunList(IReadOnlyList<RunStatus> Runs);
