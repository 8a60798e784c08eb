namespace AgentProvision.Contracts.Messages;

/// <summary>
/// The stable names under which messages are stored in the outbox. The outbox keeps a name, not a CLR type name,
/// so renaming or moving a class never strands rows that were written before the change.
/// </summary>
public static class MessageTypes
{
    private static readonly Dictionary<string, Type> ByName = new(StringComparer.Ordinal)
    {
        ["resource.sync-requested"] = typeof(ResourceSyncRequested),
    };

    private static readonly Dictionary<Type, string> ByType = ByName.ToDictionary(pair => pair.Value, pair => pair.Key);

    public static string NameOf(Type messageType) =>
        ByType.TryGetValue(messageType, out var name)
            ? name
            : throw new ArgumentException($"{messageType.Name} is not registered in {nameof(MessageTypes)}.", nameof(messageType));

    public static bool TryResolve(string name, out Type type) => ByName.TryGetValue(name, out type!);
}
