namespace AgentProvision.Persistence.Pipelines;

/// <summary>
/// A data pipeline's <c>config</c> as the original defined it (seed-contract.md §4.3): a DAG of tasks, each
/// <c>{name, type, depends_on, config}</c>, and an optional Databricks schedule. The stored JSON is what the client
/// sent (extra keys kept, as the original kept its config whole); this is the part of it that we read, parsed by
/// <see cref="PipelineConfigParser"/> and turned into a job by <see cref="PipelineJobSettings"/>.
/// </summary>
public sealed record PipelineConfig(IReadOnlyList<PipelineTask> Tasks, PipelineSchedule? Schedule)
{
    /// <summary>Tasks per pipeline, all in one Databricks job: Databricks' long-standing limit per job (its 2.2 API pages a job's tasks by 100).</summary>
    public const int MaxTasks = 100;

    /// <summary>A task's name is its Databricks <c>task_key</c>: 1 to 100 characters.</summary>
    public const int MaxTaskNameLength = 100;

    /// <summary>Reads a stored (so already validated) config; a stored config that no longer parses is a bug, said plainly.</summary>
    public static PipelineConfig FromStored(string json)
    {
        var parsed = PipelineConfigParser.Parse(json);
        return parsed.Config ?? throw new InvalidOperationException(
            "The stored pipeline config is not valid: " + string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
    }
}

/// <summary>One task. <see cref="Name"/> becomes the job task's <c>task_key</c>; exactly one body matches <see cref="Type"/>.</summary>
public sealed record PipelineTask(
    string Name,
    string Type,
    IReadOnlyList<string> DependsOn,
    NotebookTaskConfig? Notebook = null,
    SqlTaskConfig? Sql = null,
    PythonTaskConfig? Python = null);

/// <summary><c>type: notebook</c>: a workspace notebook, with widget values.</summary>
public sealed record NotebookTaskConfig(string NotebookPath, IReadOnlyDictionary<string, string> Parameters);

/// <summary><c>type: sql</c>: a query text run on a SQL warehouse.</summary>
public sealed record SqlTaskConfig(string Query, string WarehouseId);

/// <summary><c>type: python</c>: a Python file (workspace path or cloud URI) with command-line parameters.</summary>
public sealed record PythonTaskConfig(string PythonFile, IReadOnlyList<string> Parameters);

/// <summary>Databricks' schedule, passed on as given; <see cref="PauseStatus"/> null means UNPAUSED.</summary>
public sealed record PipelineSchedule(string QuartzCronExpression, string TimezoneId, string? PauseStatus);

public static class PipelineTaskTypes
{
    public const string Notebook = "notebook";
    public const string Sql = "sql";
    public const string Python = "python";

    public static readonly string[] All = [Notebook, Sql, Python];
}

public static class PipelinePauseStatuses
{
    public const string Paused = "PAUSED";
    public const string Unpaused = "UNPAUSED";

    public static readonly string[] All = [Paused, Unpaused];
}

/// <summary>One problem with a config, keyed by the field's path in the request (e.g. <c>config.tasks[2].depends_on</c>).</summary>
public sealed record PipelineConfigError(string Field, string Message);
