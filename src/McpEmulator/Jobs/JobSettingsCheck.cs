using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Jobs;

/// <summary>
/// Databricks' refusals of job settings (400 INVALID_PARAMETER_VALUE) and its echoed normal form: <c>depends_on</c>
/// sorted by task key, a schedule's <c>pause_status</c> UNPAUSED when not given. A task without a task body is accepted,
/// as the original client sends one for a pipeline task of unknown type.
/// </summary>
internal static class JobSettingsCheck
{
    private const string Unpaused = "UNPAUSED";
    private static readonly string[] PauseStatuses = ["PAUSED", Unpaused];

    public static JobSettings Normalize(string? name, IReadOnlyList<JobTask>? tasks, JobSchedule? schedule)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ConnectorException.InvalidParameter("name is required.");
        }

        return new JobSettings(name, Tasks(tasks ?? []), Schedule(schedule));
    }

    private static List<JobTask> Tasks(IReadOnlyList<JobTask> tasks)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            if (string.IsNullOrWhiteSpace(task.TaskKey))
            {
                throw ConnectorException.InvalidParameter("Every task needs a task_key.");
            }

            if (!keys.Add(task.TaskKey))
            {
                throw ConnectorException.InvalidParameter($"Task key '{task.TaskKey}' is used by more than one task; task keys must be unique.");
            }
        }

        return tasks.Select(task => task with { DependsOn = DependsOn(task, keys) }).ToList();
    }

    private static List<TaskDependency> DependsOn(JobTask task, HashSet<string> keys)
    {
        var dependencies = task.DependsOn ?? [];
        foreach (var dependency in dependencies)
        {
            if (dependency.TaskKey == task.TaskKey || !keys.Contains(dependency.TaskKey ?? ""))
            {
                throw ConnectorException.InvalidParameter(
                    $"Task '{task.TaskKey}' depends on '{dependency.TaskKey}', which is not another task of this job.");
            }
        }

        return dependencies.OrderBy(dependency => dependency.TaskKey, StringComparer.Ordinal).ToList();
    }

    private static JobSchedule? Schedule(JobSchedule? schedule)
    {
        if (schedule is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(schedule.QuartzCronExpression) || string.IsNullOrWhiteSpace(schedule.TimezoneId))
        {
            throw ConnectorException.InvalidParameter("A schedule needs quartz_cron_expression and timezone_id.");
        }

        var pauseStatus = schedule.PauseStatus ?? Unpaused;
        if (!PauseStatuses.Contains(pauseStatus))
        {
            throw ConnectorException.InvalidParameter($"pause_status '{pauseStatus}' is not one of {string.Join(", ", PauseStatuses)}.");
        }

        return schedule with { PauseStatus = pauseStatus };
    }

    public static bool IsPaused(JobSchedule schedule) => schedule.PauseStatus != Unpaused;
}
