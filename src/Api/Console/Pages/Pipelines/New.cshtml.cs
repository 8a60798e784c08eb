using AgentProvision.Api.Pipelines;
using AgentProvision.Api.TenantConsole.Pipelines;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Pipelines;

/// <summary>Creates a pipeline from the form or from JSON, through the API's own create (its validation, its field names).</summary>
public sealed class NewPipelineModel : ConsolePageModel
{
    private const string ExampleJson = """
        {
          "tasks": [
            {"name": "ingest", "type": "notebook", "depends_on": [], "config": {"notebook_path": "/Shared/etl/ingest"}},
            {"name": "report", "type": "sql", "depends_on": ["ingest"], "config": {"query": "SELECT 1", "warehouse_id": "wh-1"}}
          ],
          "schedule": {"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC"}
        }
        """;

    [BindProperty]
    public PipelineForm Form { get; set; } = new();

    public void OnGet() => Form.ConfigJson = ExampleJson;

    /// <summary>One more task row; the rest of the form comes back as typed.</summary>
    public IActionResult OnPostAddTask()
    {
        Form.Tasks.Add(new PipelineTaskRow());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var config = Form.ToConfig(Errors);
        if (Errors.Any)
        {
            return Page();
        }

        var request = new CreatePipelineRequest(Form.Name, string.IsNullOrEmpty(Form.Description) ? null : Form.Description, config);
        var outcome = (await PipelinesApi.Create(request, User, Services<PipelineServices>(), cancellationToken)).Result.Of<PipelineResponse>();
        if (outcome.Value is { } created)
        {
            return LocalRedirect($"/console/pipelines/{created.Id}");
        }

        Errors.AddAll(outcome.Errors, Form.FieldOf);
        return Page();
    }
}
