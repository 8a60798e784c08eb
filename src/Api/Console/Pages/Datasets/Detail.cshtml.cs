using System.Globalization;
using System.Text.Json;
using AgentProvision.Api.Datasets;
using AgentProvision.Datasets.Query;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Datasets;

/// <summary>One dataset: sync state (live), retry and delete, preview, summary and the SQL box.</summary>
public sealed class DatasetDetailModel : ConsolePageModel
{
    public sealed record Column(string Name, string Type);

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Sql { get; set; } = "SELECT * FROM dataset";

    [BindProperty]
    public int? Limit { get; set; } = 100;

    public DatasetResponse Dataset { get; private set; } = null!;
    public IReadOnlyList<Column> Columns { get; private set; } = [];
    public IReadOnlyList<JsonElement> Summary { get; private set; } = [];
    public DatasetQueryResponse? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFoundPage();

    /// <summary>The sync block alone, for the live refresh.</summary>
    public async Task<IActionResult> OnGetSyncAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Partial("_DatasetSync", Dataset) : NotFoundPage();

    public async Task<IActionResult> OnPostQueryAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }

        if (!ModelState.IsValid)
        {
            Errors.Add("limit", "The row limit must be a whole number from 1 to 1000.");
            return Page();
        }

        try
        {
            var outcome = (await DatasetsApi.Query(Id, new DatasetQueryRequest(Sql, Limit), User, Services<DatasetServices>(),
                Service<DatasetQueryRunner>(), cancellationToken)).Result.Of<DatasetQueryResponse>();
            Result = outcome.Value;
            return Result is null ? ShowProblem(outcome, Page) : Page();
        }
        catch (QueryRejected rejected)
        {
            // The API answers these as a 400 problem; here they belong on the SQL field.
            Errors.Add("sql", rejected.Message);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        var outcome = (await DatasetsApi.Retry(Id, User, Services<DatasetServices>(), cancellationToken)).Result.Of<DatasetResponse>();
        if (outcome.Value is null)
        {
            return await LoadAsync(cancellationToken) ? ShowProblem(outcome, Page) : NotFoundPage();
        }

        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var outcome = (await DatasetsApi.Delete(Id, User, Services<DatasetServices>(), cancellationToken)).Result;
        return outcome is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ? NotFoundPage() : LocalRedirect("/console/datasets");
    }

    /// <summary>A JSON value as text (strings unquoted, null empty); Razor encodes it on output.</summary>
    public static string Cell(JsonElement row, string property) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var value) ? Text(value) : "";

    public static string Cell(IReadOnlyDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var value) ? value switch
        {
            null => "",
            string text => text,
            JsonElement element => Text(element),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => JsonSerializer.Serialize(other),
        } : "";

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var services = Services<DatasetServices>();
        var outcome = (await DatasetsApi.Get(Id, User, services, cancellationToken)).Result.Of<DatasetResponse>();
        if (outcome.Value is not { } dataset)
        {
            return false;
        }

        Dataset = dataset;
        Columns = dataset.Schema.ValueKind == JsonValueKind.Array
            ? dataset.Schema.EnumerateArray().Select(c => new Column(Cell(c, "name"), Cell(c, "dtype"))).ToList()
            : [];
        var summary = (await DatasetsApi.Summary(Id, User, services, cancellationToken)).Result.Of<DatasetSummaryResponse>();
        Summary = summary.Value?.NumericColumns is { ValueKind: JsonValueKind.Array } numeric ? numeric.EnumerateArray().ToList() : [];
        return true;
    }
}
