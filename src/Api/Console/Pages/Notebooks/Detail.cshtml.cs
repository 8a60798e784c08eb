using AgentProvision.Api.Notebooks;
using AgentProvision.Api.Runs;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Notebooks;

/// <summary>One notebook: edit its code, its sync badge (live), execute it with parameters, its runs (live) with cancel.</summary>
public sealed class NotebookDetailModel : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public NotebookForm Form { get; set; } = new();

    [BindProperty]
    public string? Parameters { get; set; }

    public NotebookResponse Notebook { get; private set; } = null!;
    public IReadOnlyList<RunResponse> Runs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }

        Form = NotebookForm.From(Notebook);
        return Page();
    }

    public async Task<IActionResult> OnGetSyncAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Partial("_NotebookSync", Notebook) : NotFoundPage();

    public async Task<IActionResult> OnGetRunsAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Partial("_Runs", Runs) : NotFoundPage();

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        var request = new UpdateNotebookRequest(Form.Name ?? "", Form.Description ?? "", Form.Language, Form.ContentValue);
        var outcome = (await NotebooksApi.Update(Id, request, User, Services<NotebookServices>(), cancellationToken)).Result.Of<NotebookResponse>();
        if (outcome.Value is not null)
        {
            return RedirectToPage(new { id = Id });
        }

        if (outcome.IsNotFound || !await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }

        Form.Errors.AddAll(outcome.Errors);
        if (!Form.Errors.Any)
        {
            Form.Errors.Add("content", outcome.Problem?.Detail ?? "The notebook could not be saved.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostExecuteAsync(CancellationToken cancellationToken)
    {
        Message = await RunForm.StartAsync(RunTarget.Notebook, Id, Parameters, User, Services<RunServices>(), Errors, cancellationToken);
        return await AfterRunActionAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCancelAsync(string runId, CancellationToken cancellationToken)
    {
        Message = await RunForm.CancelAsync(RunTarget.Notebook, Id, runId, User, Services<RunServices>(), cancellationToken);
        return await AfterRunActionAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        var outcome = (await NotebooksApi.Retry(Id, User, Services<NotebookServices>(), cancellationToken)).Result.Of<NotebookResponse>();
        if (outcome.Value is null)
        {
            Message = outcome.Problem?.Detail;
        }

        return await AfterRunActionAsync(cancellationToken);
    }

    /// <summary>Done: back to the page (a redirect, so a reload does not repeat it); refused: the page with the reason.</summary>
    private async Task<IActionResult> AfterRunActionAsync(CancellationToken cancellationToken)
    {
        if (Message is null && !Errors.Any)
        {
            return RedirectToPage(new { id = Id });
        }

        if (!await LoadAsync(cancellationToken))
        {
            return NotFoundPage();
        }

        Form = NotebookForm.From(Notebook);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var outcome = (await NotebooksApi.Get(Id, User, Services<NotebookServices>(), cancellationToken)).Result.Of<NotebookResponse>();
        if (outcome.Value is not { } notebook)
        {
            return false;
        }

        Notebook = notebook;
        Runs = await RunForm.ListAsync(RunTarget.Notebook, Id, User, Services<RunServices>(), cancellationToken);
        return true;
    }
}
