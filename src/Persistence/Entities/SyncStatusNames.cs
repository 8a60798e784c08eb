using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AgentProvision.Persistence.Entities;

/// <summary>The wire and column spelling of <see cref="SyncStatus"/>: <c>local_only</c>, not <c>LocalOnly</c>.</summary>
public static class SyncStatusNames
{
    public static string ToName(this SyncStatus status) => status switch
    {
        SyncStatus.Pending => "pending",
        SyncStatus.Syncing => "syncing",
        SyncStatus.Synced => "synced",
        SyncStatus.Failed => "failed",
        SyncStatus.LocalOnly => "local_only",
        SyncStatus.Deleting => "deleting",
        SyncStatus.Deleted => "deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static readonly Dictionary<string, SyncStatus> ByName =
        Enum.GetValues<SyncStatus>().ToDictionary(status => status.ToName(), StringComparer.Ordinal);

    public static SyncStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"'{name}' is not a sync status.");

    internal static readonly ValueConverter<SyncStatus, string> Converter = new(s => s.ToName(), s => Parse(s));
}
