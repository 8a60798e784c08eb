using System.Security.Cryptography;
using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Persistence.Pipelines;

/// <summary>
/// A pipeline as the Databricks job it becomes (seed-contract.md §4.3): each task keyed by its name, its dependencies as
/// <c>[{task_key}]</c>, one task body per type (<c>notebook_task {notebook_path, base_parameters}</c>,
/// <c>sql_task {query: {query}, warehouse_id}</c>, <c>spark_python_task {python_file, parameters}</c>), the schedule as
/// given with <c>pause_status</c> UNPAUSED when left out, and the job named from the pipeline's id.
/// </summary>
public sealed record PipelineJobSettings(string Name, IReadOnlyList<JobTask> Tasks, JobSchedule? Schedule)
{
    public static PipelineJobSettings For(DataPipeline pipeline) => For(pipeline.Id, PipelineConfig.FromStored(pipeline.Config));

    public static PipelineJobSettings For(Guid pipelineId, PipelineConfig config) => new(
        DataPipeline.DatabricksNameFor(pipelineId),
        config.Tasks.Select(ToJobTask).ToList(),
        config.Schedule is { } schedule
            ? new JobSchedule(schedule.QuartzCronExpression, schedule.TimezoneId, schedule.PauseStatus ?? PipelinePauseStatuses.Unpaused)
            : null);

    public CreateJobRequest ToCreateRequest(Guid tenantId) => new(tenantId.ToString(), Name, Tasks, Schedule);

    public UpdateJobRequest ToUpdateRequest(Guid tenantId) => new(tenantId.ToString(), Name, Tasks, Schedule);

    /// <summary>
    /// SHA-256 of the settings as sent. The worker records it with the job and pushes settings only when it changes, so
    /// a rename or a new description costs no call (and, on a connector without update in place, no new job).
    /// </summary>
    public string Fingerprint() =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this, ConnectorJson.Options)));

    private static JobTask ToJobTask(PipelineTask task) => new(
        task.Name,
        task.DependsOn.Select(name => new TaskDependency(name)).ToList(),
        NotebookTask: task.Notebook is { } notebook ? new NotebookTask(notebook.NotebookPath, notebook.Parameters) : null,
        SqlTask: task.Sql is { } sql ? new SqlTask(new SqlQuery(sql.Query), sql.WarehouseId) : null,
        SparkPythonTask: task.Python is { } python ? new SparkPythonTask(python.PythonFile, python.Parameters) : null);
}
