using System.Text.Json.Serialization;

namespace AgentProvision.McpEmulator.Faults;

/// <summary>How a fault rule disturbs a call. The wire names are snake_case, like the rest of the connector.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FaultMode>))]
internal enum FaultMode
{
    /// <summary>Answer <c>status</c> with <c>error_code</c> before anything changes.</summary>
    [JsonStringEnumMemberName("error")]
    Error,

    /// <summary>Answer 429 REQUEST_LIMIT_EXCEEDED with an integer Retry-After header.</summary>
    [JsonStringEnumMemberName("throttle")]
    Throttle,

    /// <summary>Never answer, until the client gives up or the emulator stops; nothing changes.</summary>
    [JsonStringEnumMemberName("hang")]
    Hang,

    /// <summary>Perform the operation and keep its state, then answer an error: "created, but the caller never learned it".</summary>
    [JsonStringEnumMemberName("after_state_change")]
    AfterStateChange,

    /// <summary>Wait <c>latency_ms</c>, then answer normally.</summary>
    [JsonStringEnumMemberName("latency")]
    Latency,
}
