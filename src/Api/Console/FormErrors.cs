namespace AgentProvision.Api.TenantConsole;

/// <summary>
/// Field errors as the API names them (<c>name</c>, <c>config.tasks[0].depends_on</c>); a page shows each beside the
/// input for that field and the rest in one list, so no message is ever dropped.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void AddAll(IDictionary<string, string[]> fields, Func<string, string>? rename = null)
    {
        foreach (var (field, messages) in fields)
        {
            foreach (var message in messages)
            {
                Add(rename?.Invoke(field) ?? field, message);
            }
        }
    }

    public IReadOnlyList<string> For(string field) => errors.TryGetValue(field, out var messages) ? messages : [];

    public bool Has(string field) => errors.ContainsKey(field);

    /// <summary>The model of the <c>_FieldErrors</c> partial for one field.</summary>
    public FieldErrorsView View(string field) => new(field, For(field));

    /// <summary><c>aria-invalid</c>'s value: "true" for a field with errors, none otherwise.</summary>
    public string? Invalid(string field) => Has(field) ? "true" : null;

    /// <summary>Errors of fields the page has no input for.</summary>
    public IEnumerable<string> Except(IEnumerable<string> shownFields)
    {
        var shown = shownFields.ToHashSet(StringComparer.Ordinal);
        return errors.Where(e => !shown.Contains(e.Key)).SelectMany(e => e.Value);
    }

    /// <summary>An element id for a field's input, from its API name: <c>config.tasks[0].name</c> → <c>config-tasks-0-name</c>.</summary>
    public static string IdOf(string field) =>
        field.Replace('.', '-').Replace('[', '-').Replace("]", "", StringComparison.Ordinal).Replace('_', '-');
}
