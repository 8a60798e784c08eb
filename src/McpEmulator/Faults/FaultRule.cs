using System.Text.Json.Serialization;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Faults;

/// <summary>
/// One fault rule, as sent to <c>PUT /_emulator/faults</c> and listed by <c>GET</c>. <see cref="Normalize"/> fills the
/// defaults, so a listed rule shows exactly what will be answered.
/// </summary>
/// <param name="Operation">An operation name from <see cref="ConnectorOperations"/>, or <c>*</c> for all of them.</param>
/// <param name="Rate">Probability (0..1) that a matching call is hit.</param>
/// <param name="Times">How many more times the rule fires; null means unlimited. Listed even when null, so "unlimited" is visible.</param>
/// <param name="LatencyMs">Waited before the rule acts, in every mode; the whole point of <see cref="FaultMode.Latency"/>.</param>
internal sealed record FaultRule(
    string? Operation,
    FaultMode? Mode,
    int? Status = null,
    string? ErrorCode = null,
    int? RetryAfterSeconds = null,
    double? Rate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Times = null,
    int? LatencyMs = null)
{
    public bool Matches(string operation)
        => Operation == ConnectorOperations.Any || string.Equals(Operation, operation, StringComparison.Ordinal);

    /// <summary>Checks the rule and fills its defaults; a bad rule throws with the reason.</summary>
    public FaultRule Normalize()
    {
        if (Operation != ConnectorOperations.Any && !ConnectorOperations.All.Contains(Operation))
        {
            throw Invalid($"operation '{Operation}' is unknown; use one of {string.Join(", ", ConnectorOperations.All)} or '*'.");
        }

        if (Mode is null)
        {
            throw Invalid("mode is required: error, throttle, hang, after_state_change or latency.");
        }

        if (Rate is < 0 or > 1)
        {
            throw Invalid($"rate {Rate} is outside 0..1.");
        }

        if (Times < 0 || LatencyMs < 0 || RetryAfterSeconds < 0)
        {
            throw Invalid("times, latency_ms and retry_after_seconds cannot be negative.");
        }

        if (Status is < 400 or > 599)
        {
            throw Invalid($"status {Status} is not an error status (400..599).");
        }

        if (Mode == FaultMode.Latency && LatencyMs is null or 0)
        {
            throw Invalid("a latency rule needs latency_ms above 0.");
        }

        var normalized = this with { Rate = Rate ?? 1.0, LatencyMs = LatencyMs ?? 0 };
        return Mode switch
        {
            FaultMode.Error or FaultMode.AfterStateChange => normalized with
            {
                Status = Status ?? StatusCodes.Status503ServiceUnavailable,
                ErrorCode = ErrorCode ?? FaultErrorCodes.For(Status ?? StatusCodes.Status503ServiceUnavailable),
            },
            FaultMode.Throttle => normalized with
            {
                Status = Status ?? StatusCodes.Status429TooManyRequests,
                ErrorCode = ErrorCode ?? FaultErrorCodes.For(StatusCodes.Status429TooManyRequests),
                RetryAfterSeconds = RetryAfterSeconds ?? 1,
            },
            _ => normalized,
        };
    }

    /// <summary>The mode's wire name for log lines, "none" when no rule fired.</summary>
    public static string Describe(FaultMode? mode) => mode switch
    {
        null => "none",
        FaultMode.AfterStateChange => "after_state_change",
        _ => mode.Value.ToString().ToLowerInvariant(),
    };

    private static ConnectorException Invalid(string reason) => ConnectorException.InvalidParameter("Invalid fault rule: " + reason);
}
