namespace AgentProvision.Contracts.Connector;

/// <summary>
/// Extension (drift check): one notebook of <c>GET /databricks/notebooks/{tenant_id}/list</c>. <paramref name="ContentSha256"/>
/// is the lower-case hex SHA-256 of the UTF-8 source that get_notebook answers as <c>content</c>.
/// </summary>
public sealed record ListedNotebook(string Path, long ObjectId, string Language, long ModifiedAt, string ContentSha256);

/// <summary>A page of the tenant's notebooks, by path (ordinal); <paramref name="NextPageToken"/> is absent on the last page.</summary>
public sealed record NotebookListing(IReadOnlyList<ListedNotebook> Notebooks, string? NextPageToken = null);

/// <summary>Extension (drift check): one table of <c>GET /databricks/catalogs/{tenant_id}/tables</c>, as get_dataset_metadata reports it.</summary>
public sealed record ListedTable(string Table, string TableName, long Version, long SizeBytes, long RowCount, string LastModified);

/// <summary>A page of the tables of the tenant's catalog, by full name; <paramref name="NextPageToken"/> is absent on the last page.</summary>
public sealed record TableListing(IReadOnlyList<ListedTable> Tables, string? NextPageToken = null);

/// <summary>
/// Extension (drift check): a page of <c>GET /databricks/jobs/{tenant_id}/list</c>, the tenant's jobs by id with their
/// settings in Databricks' normal form (as get_job_status answers them); <paramref name="NextPageToken"/> is absent on the last page.
/// </summary>
public sealed record JobListing(IReadOnlyList<JobDetails> Jobs, string? NextPageToken = null);

/// <summary>The paging query of the listing extensions: at most <see cref="MaxPageSize"/> items a page.</summary>
public static class ListingPages
{
    public const int MaxPageSize = 1000;
    public const int DefaultPageSize = 100;

    public static string Query(int pageSize, string? pageToken) =>
        pageToken is null ? $"?page_size={pageSize}" : $"?page_size={pageSize}&page_token={Uri.EscapeDataString(pageToken)}";
}
