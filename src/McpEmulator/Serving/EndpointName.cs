using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Serving;

/// <summary>Model Serving's naming rule: letters, digits, '-' and '_', at most 63 characters.</summary>
internal static class EndpointName
{
    private const int MaxLength = 63;

    public static string Check(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw ConnectorException.InvalidParameter(
                $"Endpoint name \"{name}\" is not valid: use only letters, digits, '-' and '_', at most {MaxLength} characters.");
        }

        return name;
    }
}
