using System.Text.Json;
using System.Text.Json.Serialization;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Runs;

/// <summary>
/// A run, in the original's terms: <c>run_id</c> is the Databricks run id (null until submitted), <c>state</c> the result
/// state once finished and the life-cycle state before, times in epoch milliseconds as Databricks reports them.
/// <c>id</c> is ours, and either <c>notebook_id</c> or <c>pipeline_id</c> names the target.
/// </summary>
public sealed record RunResponse(
    Guid Id,
    long? RunId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? NotebookId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? PipelineId,
    JsonElement Parameters,
    string Origin,
    string State,
    string LifeCycleState,
    string? ResultState,
    string? StateMessage,
    long? StartTime,
    long? EndTime,
    long? ExecutionDuration,
    string? RunPageUrl,
    long? NumberInJob,
    JsonElement Tasks,
    string? Output,
    bool CancelRequested,
    DateTimeOffset CreatedAt,
    SyncBlock Sync)
{
    public static RunResponse From(Run run) => new(
        run.Id,
        run.RemoteRunId,
        run.TargetKind == Notebook.Kind ? run.TargetId : null,
        run.TargetKind == DataPipeline.Kind ? run.TargetId : null,
        Json(run.Parameters),
        run.Origin,
        run.ResultState ?? run.LifeCycleState,
        run.LifeCycleState,
        run.ResultState,
        run.StateMessage,
        run.StartTime?.ToUnixTimeMilliseconds(),
        run.EndTime?.ToUnixTimeMilliseconds(),
        run.ExecutionDuration,
        run.RunPageUrl,
        run.NumberInJob,
        Json(run.Tasks),
        run.Output,
        run.CancelRequested,
        run.CreatedAt,
        SyncBlock.From(run));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
