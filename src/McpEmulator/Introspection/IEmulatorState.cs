namespace AgentProvision.McpEmulator.Introspection;

/// <summary>
/// Emulator state that <c>POST /_emulator/reset</c> forgets. A feature registers its store with
/// <see cref="EmulatorStateRegistration.AddEmulatorState{TState}"/>, so reset needs no edit per feature.
/// </summary>
internal interface IEmulatorState
{
    void Clear();
}

internal static class EmulatorStateRegistration
{
    /// <summary>One singleton, reachable both as itself and as an <see cref="IEmulatorState"/> for reset.</summary>
    public static IServiceCollection AddEmulatorState<TState>(this IServiceCollection services)
        where TState : class, IEmulatorState
        => services.AddSingleton<TState>().AddSingleton<IEmulatorState>(provider => provider.GetRequiredService<TState>());
}
