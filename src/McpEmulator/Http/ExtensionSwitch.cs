using AgentProvision.McpEmulator.Introspection;
using Microsoft.Extensions.Options;

namespace AgentProvision.McpEmulator.Http;

/// <summary>
/// Whether the emulator speaks the contract's extensions (<c>Emulator:Extensions</c>, switchable at run time through
/// <c>PUT /_emulator/extensions</c>). Off, it behaves like a server that implements only the original MCP contract:
/// extension routes are missing and extension fields in requests are ignored.
/// </summary>
internal sealed class ExtensionSwitch(IOptions<EmulatorOptions> options) : IEmulatorState
{
    private volatile bool _enabled = options.Value.Extensions;

    public bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    /// <summary>Back to the configured value, for <c>/_emulator/reset</c>.</summary>
    public void Clear() => _enabled = options.Value.Extensions;

    /// <summary>An extension field of a request, or null when extensions are off (the original server never reads it).</summary>
    public T? Honour<T>(T? value) where T : class => _enabled ? value : null;
}
