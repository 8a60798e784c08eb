namespace AgentProvision.Api.Runs;

/// <summary>
/// The documented shape of a run request (read by <see cref="RunParameters"/>): optional parameters, names to string
/// values. The body itself is optional.
/// </summary>
public sealed record RunRequest(IReadOnlyDictionary<string, string>? Parameters);
