namespace AgentProvision.Datasets.Query;

/// <summary>
/// SQL that <see cref="SqlStatementGuard.Check"/> accepted: one SELECT statement, with no trailing <c>;</c> or comment
/// (so a caller may append to it), that reads only the table <c>dataset</c> and its own WITH queries.
/// Only the guard makes one, so holding a <see cref="CheckedQuery"/> is proof that the text was checked.
/// </summary>
public sealed record CheckedQuery
{
    internal CheckedQuery(string sql, IReadOnlyList<DatasetReference> datasetReferences, bool qualifiesDataset)
    {
        Sql = sql;
        DatasetReferences = datasetReferences;
        QualifiesDataset = qualifiesDataset;
    }

    /// <summary>The normalized single statement: the tenant's text, trimmed, without trailing <c>;</c> or comments.</summary>
    public string Sql { get; }

    /// <summary>Where <see cref="Sql"/> names the table <c>dataset</c> (not a WITH query of that name), for <see cref="RemoteSql"/>.</summary>
    internal IReadOnlyList<DatasetReference> DatasetReferences { get; }

    /// <summary>Whether a column or star is qualified by the name <c>dataset</c> (<c>dataset.id</c>, <c>dataset.*</c>).</summary>
    internal bool QualifiesDataset { get; }

    /// <summary>Two checks of the same text are the same query; the references follow from the text.</summary>
    public bool Equals(CheckedQuery? other) => other is not null && string.Equals(Sql, other.Sql, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Sql);

    public override string ToString() => Sql;
}
