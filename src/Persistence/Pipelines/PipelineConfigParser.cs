using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentProvision.Persistence.Pipelines;

/// <summary>What <see cref="PipelineConfigParser"/> read: the config when it is valid, and every problem found.</summary>
/// <param name="Schedule">The schedule when its own fields are well formed, even if other parts are not, so its cron
/// expression and time zone can be checked in the same answer.</param>
public sealed record PipelineConfigParseResult(PipelineConfig? Config, PipelineSchedule? Schedule, IReadOnlyList<PipelineConfigError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads a pipeline's <c>config</c> JSON and says everything that is wrong with it, each problem at its field's path:
/// the shape (an object with a <c>tasks</c> list), each task's name (unique, a valid Databricks task key), type and the
/// fields its type needs, dependencies (names of other tasks, no cycles, the cycle named), the schedule's fields, and no
/// U+0000 anywhere (PostgreSQL's jsonb cannot hold it). A cron expression's syntax and a time zone's existence are the
/// API's checks (<see cref="PipelineConfigParseResult.Schedule"/>). The worker reads stored configs with the same parser.
/// </summary>
public static partial class PipelineConfigParser
{
    private const string Root = "config";

    public static PipelineConfigParseResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    public static PipelineConfigParseResult Parse(JsonElement config)
    {
        var errors = new List<PipelineConfigError>();
        if (config.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(Root, $"'{Root}' must be an object {{\"tasks\": [...], \"schedule\": {{...}}}}; it is {Describe(config)}."));
            return new(null, null, errors);
        }

        RefuseNul(config, Root, errors);
        var tasks = ReadTasks(config, errors);
        var schedule = ReadSchedule(config, errors);
        return new(errors.Count == 0 ? new PipelineConfig(tasks, schedule) : null, schedule, errors);
    }

    private static List<PipelineTask> ReadTasks(JsonElement config, List<PipelineConfigError> errors)
    {
        const string path = Root + ".tasks";
        if (!config.TryGetProperty("tasks", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new(path, $"'{path}' is required: a list of tasks {{\"name\", \"type\", \"depends_on\", \"config\"}}."));
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(path, $"'{path}' must be a list of tasks; it is {Describe(list)}."));
            return [];
        }

        var count = list.GetArrayLength();
        if (count == 0)
        {
            errors.Add(new(path, $"'{path}' must have at least one task."));
            return [];
        }

        if (count > PipelineConfig.MaxTasks)
        {
            errors.Add(new(path, $"'{path}' may have at most {PipelineConfig.MaxTasks} tasks; it has {count}."));
            return [];
        }

        var tasks = list.EnumerateArray().Select((item, index) => ReadTask(item, $"{path}[{index}]", errors)).OfType<ListedTask>().ToList();
        CheckNamesAreUnique(tasks, errors);
        CheckDependencies(tasks, errors);
        return tasks.Count == count ? tasks.Select(t => t.Task).ToList() : [];
    }

    /// <summary>A task as read, with where it was. Its name may be unusable as a task key (already reported); it still
    /// takes part in the dependency checks, so one bad name does not also make every dependency on it "unknown".</summary>
    private sealed record ListedTask(PipelineTask Task, string Path);

    /// <summary>Null when the item is not an object or has no name at all.</summary>
    private static ListedTask? ReadTask(JsonElement item, string path, List<PipelineConfigError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"'{path}' must be an object {{\"name\", \"type\", \"depends_on\", \"config\"}}; it is {Describe(item)}."));
            return null;
        }

        var name = ReadName(item, path, errors);
        var type = ReadType(item, path, errors);
        var dependsOn = ReadDependsOn(item, path, errors);
        var body = ReadBody(item, path, type, errors);
        return name is null ? null : new ListedTask(body with { Name = name, DependsOn = dependsOn }, path);
    }

    /// <summary>The name as given (null when missing or blank); a name that cannot be a task key is reported but kept.</summary>
    private static string? ReadName(JsonElement task, string path, List<PipelineConfigError> errors)
    {
        var field = path + ".name";
        var name = OptionalString(task, "name", field, errors);
        if (string.IsNullOrWhiteSpace(name))
        {
            if (!task.TryGetProperty("name", out var given) || given.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                errors.Add(new(field, $"'{field}' is required: the task's name, which becomes its Databricks task_key."));
            }

            return null;
        }

        if (name.Length > PipelineConfig.MaxTaskNameLength)
        {
            errors.Add(new(field, $"'{field}' must be at most {PipelineConfig.MaxTaskNameLength} characters; it has {name.Length}."));
        }
        else if (!TaskKey().IsMatch(name))
        {
            errors.Add(new(field, $"'{field}' may only hold letters, digits, '_' and '-' (it becomes a Databricks task_key); '{name}' does not."));
        }

        return name;
    }

    /// <summary>A missing type is a notebook task, as the original converted it.</summary>
    private static string? ReadType(JsonElement task, string path, List<PipelineConfigError> errors)
    {
        var field = path + ".type";
        if (!task.TryGetProperty("type", out var type) || type.ValueKind == JsonValueKind.Null)
        {
            return PipelineTaskTypes.Notebook;
        }

        if (type.ValueKind == JsonValueKind.String && PipelineTaskTypes.All.Contains(type.GetString()))
        {
            return type.GetString();
        }

        var actual = type.ValueKind == JsonValueKind.String ? $"'{type.GetString()}'" : Describe(type);
        errors.Add(new(field, $"'{field}' must be one of {string.Join(", ", PipelineTaskTypes.All)}; it is {actual}."));
        return null;
    }

    private static List<string> ReadDependsOn(JsonElement task, string path, List<PipelineConfigError> errors)
    {
        var field = path + ".depends_on";
        if (!task.TryGetProperty("depends_on", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(field, $"'{field}' must be a list of task names; it is {Describe(list)}."));
            return [];
        }

        var names = new List<string>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(field, $"'{field}[{index}]' must be a task name (a string); it is {Describe(item)}."));
            }
            else if (names.Contains(item.GetString()!, StringComparer.Ordinal))
            {
                errors.Add(new(field, $"'{field}' lists '{item.GetString()}' more than once."));
            }
            else
            {
                names.Add(item.GetString()!);
            }

            index++;
        }

        return names;
    }

    /// <summary>The fields the task's type needs, from its <c>config</c> object; a placeholder task when they are wrong.</summary>
    private static PipelineTask ReadBody(JsonElement task, string path, string? type, List<PipelineConfigError> errors)
    {
        var field = path + ".config";
        var placeholder = new PipelineTask("", type ?? "", []);
        JsonElement config;
        if (!task.TryGetProperty("config", out config) || config.ValueKind == JsonValueKind.Null)
        {
            config = EmptyObject;
        }
        else if (config.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(field, $"'{field}' must be an object with the task's settings; it is {Describe(config)}."));
            return placeholder;
        }

        var before = errors.Count;
        PipelineTask? read = type switch
        {
            PipelineTaskTypes.Notebook => ReadNotebook(config, field, errors) is { } notebook ? placeholder with { Notebook = notebook } : null,
            PipelineTaskTypes.Sql => ReadSql(config, field, errors) is { } sql ? placeholder with { Sql = sql } : null,
            PipelineTaskTypes.Python => ReadPython(config, field, errors) is { } python ? placeholder with { Python = python } : null,
            _ => null,
        };
        return errors.Count == before && read is not null ? read : placeholder;
    }

    private static NotebookTaskConfig? ReadNotebook(JsonElement config, string path, List<PipelineConfigError> errors)
    {
        var field = path + ".notebook_path";
        var notebookPath = OptionalString(config, "notebook_path", field, errors);
        if (string.IsNullOrWhiteSpace(notebookPath))
        {
            errors.Add(new(field, $"'{field}' is required for a notebook task: the notebook's absolute workspace path, e.g. /Users/someone@example.com/etl."));
            notebookPath = null;
        }
        else if (!notebookPath.StartsWith('/') || notebookPath.Trim().Length < 2)
        {
            errors.Add(new(field, $"'{field}' must be an absolute workspace path starting with '/'; it is '{notebookPath}'."));
            notebookPath = null;
        }

        var parameters = ReadStringMap(config, "parameters", path + ".parameters", errors);
        return notebookPath is null || parameters is null ? null : new NotebookTaskConfig(notebookPath, parameters);
    }

    private static SqlTaskConfig? ReadSql(JsonElement config, string path, List<PipelineConfigError> errors)
    {
        var query = RequiredText(config, "query", path + ".query", "for a sql task: the SQL text to run", errors);
        var warehouse = RequiredText(config, "warehouse_id", path + ".warehouse_id", "for a sql task: the id of the SQL warehouse that runs it", errors);
        return query is null || warehouse is null ? null : new SqlTaskConfig(query, warehouse);
    }

    private static PythonTaskConfig? ReadPython(JsonElement config, string path, List<PipelineConfigError> errors)
    {
        var field = path + ".python_file";
        var file = RequiredText(config, "python_file", field,
            "for a python task: an absolute workspace path (/Workspace/…) or a cloud URI (dbfs:/…, s3://…)", errors);
        if (file is not null && !file.StartsWith('/') && !UriScheme().IsMatch(file))
        {
            errors.Add(new(field, $"'{field}' must be an absolute workspace path starting with '/' or a URI such as dbfs:/… or s3://…; it is '{file}'."));
            file = null;
        }

        var parameters = ReadStringList(config, "parameters", path + ".parameters", errors);
        return file is null || parameters is null ? null : new PythonTaskConfig(file, parameters);
    }

    private static void CheckNamesAreUnique(List<ListedTask> tasks, List<PipelineConfigError> errors)
    {
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (task, path) in tasks)
        {
            if (!first.TryAdd(task.Name, path))
            {
                errors.Add(new(path + ".name", $"'{task.Name}' is also the name of {first[task.Name]}; task names must be unique."));
            }
        }
    }

    /// <summary>Each dependency names another task; then the graph must have no cycle (the first one found is named).</summary>
    private static void CheckDependencies(List<ListedTask> tasks, List<PipelineConfigError> errors)
    {
        var names = tasks.Select(t => t.Task.Name).ToHashSet(StringComparer.Ordinal);
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (task, path) in tasks)
        {
            var valid = edges.TryGetValue(task.Name, out var existing) ? existing : edges[task.Name] = [];
            foreach (var dependency in task.DependsOn)
            {
                if (dependency == task.Name)
                {
                    errors.Add(new(path + ".depends_on", $"Task '{task.Name}' cannot depend on itself."));
                }
                else if (!names.Contains(dependency))
                {
                    errors.Add(new(path + ".depends_on", $"'{dependency}' is not a task of this pipeline; depends_on lists the names of other tasks."));
                }
                else
                {
                    valid.Add(dependency);
                }
            }
        }

        if (FindCycle(tasks.Select(t => t.Task.Name).Distinct(StringComparer.Ordinal).ToList(), edges) is { } cycle)
        {
            errors.Add(new(Root + ".tasks", $"Tasks form a cycle: {string.Join(" → ", cycle)} (each depends on the next), so none of them could ever start."));
        }
    }

    /// <summary>
    /// Depth-first over depends_on edges, in the order the tasks are listed. The cycle is answered closed
    /// (<c>a, b, c, a</c>) and starting at its task listed first, so the same config always names it the same way.
    /// </summary>
    private static List<string>? FindCycle(List<string> order, Dictionary<string, List<string>> edges)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new List<string>();
        foreach (var start in order)
        {
            if (Visit(start) is { } cycle)
            {
                var first = cycle.MinBy(order.IndexOf)!;
                var at = cycle.IndexOf(first);
                return [.. cycle.Skip(at), .. cycle.Take(at), first];
            }
        }

        return null;

        List<string>? Visit(string task)
        {
            var seenAt = onPath.IndexOf(task);
            if (seenAt >= 0)
            {
                return onPath.Skip(seenAt).ToList();
            }

            if (done.Contains(task))
            {
                return null;
            }

            onPath.Add(task);
            foreach (var dependency in edges.GetValueOrDefault(task) ?? [])
            {
                if (Visit(dependency) is { } cycle)
                {
                    return cycle;
                }
            }

            onPath.RemoveAt(onPath.Count - 1);
            done.Add(task);
            return null;
        }
    }

    private static PipelineSchedule? ReadSchedule(JsonElement config, List<PipelineConfigError> errors)
    {
        const string path = Root + ".schedule";
        if (!config.TryGetProperty("schedule", out var schedule) || schedule.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (schedule.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, $"'{path}' must be an object {{\"quartz_cron_expression\", \"timezone_id\", \"pause_status\"}}; it is {Describe(schedule)}."));
            return null;
        }

        var cron = RequiredText(schedule, "quartz_cron_expression", path + ".quartz_cron_expression",
            "in a schedule: a Quartz cron expression with seconds first, e.g. '0 0 2 * * ?'", errors);
        var zone = RequiredText(schedule, "timezone_id", path + ".timezone_id", "in a schedule: an IANA time zone id, e.g. 'Europe/Berlin' or 'UTC'", errors);
        var pauseField = path + ".pause_status";
        var pause = OptionalString(schedule, "pause_status", pauseField, errors);
        if (pause is not null && !PipelinePauseStatuses.All.Contains(pause))
        {
            errors.Add(new(pauseField, $"'{pauseField}' must be {string.Join(" or ", PipelinePauseStatuses.All)}; it is '{pause}'."));
            return null;
        }

        return cron is null || zone is null ? null : new PipelineSchedule(cron, zone, pause);
    }

    private static string? RequiredText(JsonElement owner, string property, string field, string what, List<PipelineConfigError> errors)
    {
        var value = OptionalString(owner, property, field, errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!owner.TryGetProperty(property, out var present) || present.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            {
                errors.Add(new(field, $"'{field}' is required {what}."));
            }

            return null;
        }

        return value;
    }

    /// <summary>The string at <paramref name="property"/>, null when absent or null; an error when it is another kind of value.</summary>
    private static string? OptionalString(JsonElement owner, string property, string field, List<PipelineConfigError> errors)
    {
        if (!owner.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(field, $"'{field}' must be a string; it is {Describe(value)}."));
            return null;
        }

        return value.GetString();
    }

    /// <summary>Notebook widget values: an object of strings (absent = none), sorted by name so the same config reads the same.</summary>
    private static SortedDictionary<string, string>? ReadStringMap(JsonElement owner, string property, string field, List<PipelineConfigError> errors)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!owner.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return map;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(field, $"'{field}' must be an object of strings (widget name to value); it is {Describe(value)}."));
            return null;
        }

        var before = errors.Count;
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(field, $"'{field}.{entry.Name}' must be a string (Databricks passes widget values as text); it is {Describe(entry.Value)}."));
            }
            else
            {
                map[entry.Name] = entry.Value.GetString()!;
            }
        }

        return errors.Count == before ? map : null;
    }

    /// <summary>Python command-line arguments: a list of strings (absent = none).</summary>
    private static List<string>? ReadStringList(JsonElement owner, string property, string field, List<PipelineConfigError> errors)
    {
        if (!owner.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(field, $"'{field}' must be a list of strings (command-line arguments); it is {Describe(value)}."));
            return null;
        }

        var list = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(field, $"'{field}[{index}]' must be a string; it is {Describe(item)}."));
            }
            else
            {
                list.Add(item.GetString()!);
            }

            index++;
        }

        return list.Count == index ? list : null;
    }

    /// <summary>PostgreSQL's jsonb cannot hold U+0000 in any string or key; say where it is instead of failing on save.</summary>
    private static void RefuseNul(JsonElement value, string path, List<PipelineConfigError> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String when value.GetString()!.Contains('\0', StringComparison.Ordinal):
                errors.Add(new(path, $"'{path}' must not contain the NUL character (U+0000)."));
                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Name.Contains('\0', StringComparison.Ordinal))
                    {
                        errors.Add(new(path, $"'{path}' has a key with the NUL character (U+0000)."));
                    }
                    else
                    {
                        RefuseNul(property.Value, $"{path}.{property.Name}", errors);
                    }
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    RefuseNul(item, $"{path}[{index++}]", errors);
                }

                break;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Databricks' task_key pattern <c>^[\w\-\_]+$</c>, in ASCII.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TaskKey();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:/")]
    private static partial Regex UriScheme();
}
