using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Jobs;

/// <summary>A job and the tenant that created it; its settings are replaced whole by an update (jobs/reset).</summary>
internal sealed record Job(long JobId, string TenantId, long CreatedTime, JobSettings Settings);

/// <summary>The checked settings of create and update, with the defaults Databricks echoes back filled in.</summary>
internal sealed record JobSettings(string Name, IReadOnlyList<JobTask> Tasks, JobSchedule? Schedule);
