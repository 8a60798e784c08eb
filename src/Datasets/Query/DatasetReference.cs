namespace AgentProvision.Datasets.Query;

/// <summary>
/// One place where checked SQL reads the table <c>dataset</c>: the UTF-8 byte offset of the name as DuckDB's parser
/// reported it, the name as the parse tree holds it, and whether the reference has an alias of its own.
/// </summary>
internal sealed record DatasetReference(int Utf8Offset, string TableName, bool HasAlias);
