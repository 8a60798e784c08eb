namespace AgentProvision.Api.Infrastructure;

/// <summary>Collects field errors for one request, in the shape of RFC 9457 validation problem details.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    /// <summary>How many fields have errors.</summary>
    public int Count => errors.Count;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public void RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"'{field}' is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters; it has {value.Length}.");
        }
        else
        {
            RefuseNul(field, value);
        }
    }

    public void LimitText(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"'{field}' must be at most {maxLength} characters; it has {value.Length}.");
        }
        else if (value is not null)
        {
            RefuseNul(field, value);
        }
    }

    /// <summary>PostgreSQL text cannot hold U+0000; saying so beats the database error it would become.</summary>
    private void RefuseNul(string field, string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            Add(field, $"'{field}' must not contain the NUL character (U+0000).");
        }
    }

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
}
