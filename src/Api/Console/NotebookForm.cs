using AgentProvision.Api.Notebooks;

namespace AgentProvision.Api.TenantConsole;

/// <summary>The notebook form's fields, as typed (so a refused form comes back as it was), and its errors.</summary>
public sealed class NotebookForm
{
    public static readonly string[] Languages = ["PYTHON", "SQL", "SCALA", "R"];

    public string? Name { get; set; }
    public string? Language { get; set; } = "PYTHON";
    public string? Description { get; set; }
    public string? Content { get; set; }

    public FormErrors Errors { get; } = new();

    /// <summary>The content as the API's request takes it (textareas send CRLF; the code is stored with LF).</summary>
    public NotebookContent ContentValue => new((Content ?? "").Replace("\r\n", "\n", StringComparison.Ordinal), null);

    public string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static NotebookForm From(NotebookResponse notebook) => new()
    {
        Name = notebook.Name,
        Language = notebook.Language,
        Description = notebook.Description,
        Content = notebook.Content,
    };
}
