using AgentProvision.Api.Notebooks;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Notebooks;

/// <summary>The tenant's notebooks with their sync badges, and the form that creates one.</summary>
public sealed class NotebooksIndexModel : ConsolePageModel
{
    [BindProperty]
    public NotebookForm Form { get; set; } = new();

    public IReadOnlyList<NotebookResponse> Notebooks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Notebooks = await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) =>
        Partial("_NotebookRows", await LoadAsync(cancellationToken));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new CreateNotebookRequest(Form.Name, Form.EmptyAsNull(Form.Description), Form.Language, Form.ContentValue);
        var outcome = (await NotebooksApi.Create(request, User, Services<NotebookServices>(), cancellationToken)).Result.Of<NotebookResponse>();
        if (outcome.Value is { } created)
        {
            return LocalRedirect($"/console/notebooks/{created.Id}");
        }

        Form.Errors.AddAll(outcome.Errors);
        if (!Form.Errors.Any)
        {
            Form.Errors.Add("content", outcome.Problem?.Detail ?? "The notebook could not be created.");
        }

        Notebooks = await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IReadOnlyList<NotebookResponse>> LoadAsync(CancellationToken cancellationToken) =>
        (await NotebooksApi.List(User, Services<NotebookServices>(), cancellationToken, 0, 200)).Value!;
}
