using System.Globalization;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Faults;

/// <summary>
/// Reads start-up fault rules from <c>Emulator:Faults</c> (a list, e.g. <c>Emulator__Faults__0__Operation=notebooks.create</c>).
/// Keys may be snake_case like the admin JSON (<c>error_code</c>) or PascalCase like .NET settings (<c>ErrorCode</c>).
/// Read by hand because the configuration binder knows neither snake_case nor the JSON enum names.
/// </summary>
internal static class FaultRuleSettings
{
    public const string SectionName = "Emulator:Faults";

    public static IReadOnlyList<FaultRule> Read(IConfigurationSection section)
        => section.GetChildren().Select(ReadRule).ToList();

    private static FaultRule ReadRule(IConfigurationSection rule)
    {
        try
        {
            return new FaultRule(
                Operation: rule["operation"],
                Mode: ParseMode(rule["mode"]),
                Status: ParseInt(Value(rule, "status", "status")),
                ErrorCode: Value(rule, "error_code", "ErrorCode"),
                RetryAfterSeconds: ParseInt(Value(rule, "retry_after_seconds", "RetryAfterSeconds")),
                Rate: ParseDouble(Value(rule, "rate", "rate")),
                Times: ParseInt(Value(rule, "times", "times")),
                LatencyMs: ParseInt(Value(rule, "latency_ms", "LatencyMs"))).Normalize();
        }
        catch (Exception error) when (error is ConnectorException or FormatException)
        {
            throw new InvalidOperationException($"Configuration {rule.Path} is not a valid fault rule: {error.Message}", error);
        }
    }

    /// <summary>Configuration keys ignore case, so only multi-word keys need both spellings; blank means unset.</summary>
    private static string? Value(IConfigurationSection rule, string snakeCase, string pascalCase)
        => rule[snakeCase] is { Length: > 0 } value ? value : rule[pascalCase] is { Length: > 0 } other ? other : null;

    private static FaultMode? ParseMode(string? text) => text?.ToLowerInvariant() switch
    {
        null or "" => null,
        "error" => FaultMode.Error,
        "throttle" => FaultMode.Throttle,
        "hang" => FaultMode.Hang,
        "after_state_change" => FaultMode.AfterStateChange,
        "latency" => FaultMode.Latency,
        _ => throw new FormatException($"mode '{text}' is unknown; use error, throttle, hang, after_state_change or latency."),
    };

    private static int? ParseInt(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static double? ParseDouble(string? text) => text is null ? null : double.Parse(text, CultureInfo.InvariantCulture);
}
