using System.Text.Json.Serialization;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>How a run ends once its running time is over. Wire names are snake_case, like fault modes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunOutcome>))]
internal enum RunOutcome
{
    /// <summary>TERMINATED with result SUCCESS.</summary>
    [JsonStringEnumMemberName("success")]
    Success,

    /// <summary>TERMINATED with result FAILED and the rule's message.</summary>
    [JsonStringEnumMemberName("fail")]
    Fail,

    /// <summary>Stays RUNNING until cancelled.</summary>
    [JsonStringEnumMemberName("hang")]
    Hang,
}
