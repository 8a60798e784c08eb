using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentProvision.Api.TenantConsole.Pipelines;

/// <summary>One task row of the pipeline form; a row left blank is not a task.</summary>
public sealed class PipelineTaskRow
{
    public string? Name { get; set; }
    public string? Type { get; set; } = "notebook";
    public string? DependsOn { get; set; }
    public string? NotebookPath { get; set; }
    public string? Query { get; set; }
    public string? WarehouseId { get; set; }
    public string? PythonFile { get; set; }

    public bool IsBlank =>
        new[] { Name, DependsOn, NotebookPath, Query, WarehouseId, PythonFile }.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// The pipeline form: either fields (tasks as rows, a schedule) or the config as JSON. Both become the API's
/// <c>config</c>, so the API's validation answers, and its field names (<c>config.tasks[1].depends_on</c>) are turned
/// back into the rows they came from.
/// </summary>
public sealed partial class PipelineForm
{
    public const string FormMode = "form";
    public const string JsonMode = "json";

    public string Mode { get; set; } = FormMode;
    public string? Name { get; set; }
    public string? Description { get; set; }
    public List<PipelineTaskRow> Tasks { get; set; } = [new(), new()];
    public string? Cron { get; set; }
    public string? TimeZone { get; set; }
    public string? ConfigJson { get; set; }

    /// <summary>Row index of each task sent, in order (blank rows are skipped).</summary>
    private readonly List<int> sentRows = [];

    /// <summary>The config to send, or null with an error on the JSON field when it is not JSON at all.</summary>
    public JsonElement? ToConfig(FormErrors errors)
    {
        if (Mode == JsonMode)
        {
            try
            {
                return JsonDocument.Parse(string.IsNullOrWhiteSpace(ConfigJson) ? "null" : ConfigJson).RootElement.Clone();
            }
            catch (JsonException invalid)
            {
                errors.Add("config", $"The config is not valid JSON: {invalid.Message}");
                return null;
            }
        }

        var tasks = new JsonArray();
        for (var row = 0; row < Tasks.Count; row++)
        {
            var task = Tasks[row];
            if (task.IsBlank)
            {
                continue;
            }

            sentRows.Add(row);
            var config = new JsonObject();
            switch (task.Type)
            {
                case "sql":
                    config["query"] = task.Query;
                    config["warehouse_id"] = task.WarehouseId;
                    break;
                case "python":
                    config["python_file"] = task.PythonFile;
                    break;
                default:
                    config["notebook_path"] = task.NotebookPath;
                    break;
            }

            tasks.Add(new JsonObject
            {
                ["name"] = task.Name?.Trim(),
                ["type"] = task.Type,
                ["depends_on"] = new JsonArray((task.DependsOn ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(name => (JsonNode?)JsonValue.Create(name)).ToArray()),
                ["config"] = config,
            });
        }

        var root = new JsonObject { ["tasks"] = tasks };
        if (!string.IsNullOrWhiteSpace(Cron) || !string.IsNullOrWhiteSpace(TimeZone))
        {
            root["schedule"] = new JsonObject { ["quartz_cron_expression"] = Cron?.Trim(), ["timezone_id"] = TimeZone?.Trim() };
        }

        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>
    /// The field an API error belongs to on this form: <c>config.tasks[k]</c> of the sent tasks is the k-th non-blank
    /// row; in JSON mode every config error stays on the JSON field (its message names the path).
    /// </summary>
    public string FieldOf(string apiField)
    {
        if (!apiField.StartsWith("config", StringComparison.Ordinal))
        {
            return apiField;
        }

        if (Mode == JsonMode)
        {
            return "config";
        }

        var field = TaskIndex().Replace(apiField, match =>
        {
            var sent = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return sent < sentRows.Count ? $"config.tasks[{sentRows[sent]}]" : match.Value;
        });
        // A task's config: the message is about one setting, shown on the row's type-specific fields.
        return field.EndsWith("].config", StringComparison.Ordinal) ? field + ".notebook_path" : field;
    }

    /// <summary>Every field the form shows an input for (errors of others are listed above the tasks).</summary>
    public IEnumerable<string> ShownFields()
    {
        yield return "name";
        yield return "description";
        yield return "config.schedule.quartz_cron_expression";
        yield return "config.schedule.timezone_id";
        for (var row = 0; row < Tasks.Count; row++)
        {
            foreach (var part in new[] { "name", "type", "depends_on", "config.notebook_path", "config.query", "config.warehouse_id", "config.python_file" })
            {
                yield return $"config.tasks[{row}].{part}";
            }
        }
    }

    [GeneratedRegex(@"^config\.tasks\[(\d+)\]")]
    private static partial Regex TaskIndex();
}
