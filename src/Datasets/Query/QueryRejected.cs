namespace AgentProvision.Datasets.Query;

/// <summary>
/// The tenant's SQL cannot run: it is not one plain SELECT over <c>dataset</c>, or running it failed or took too long.
/// The API answers a 400 problem with <see cref="Code"/>; the message says what is wrong and what is allowed.
/// </summary>
public sealed class QueryRejected : Exception
{
    public const string EmptyQuery = "EMPTY_QUERY";
    public const string QueryTooLong = "QUERY_TOO_LONG";
    public const string SyntaxError = "SYNTAX_ERROR";
    public const string MultipleStatements = "MULTIPLE_STATEMENTS";
    public const string NotASelect = "NOT_A_SELECT";
    public const string TableNotAllowed = "TABLE_NOT_ALLOWED";
    public const string TableFunctionNotAllowed = "TABLE_FUNCTION_NOT_ALLOWED";
    public const string FunctionNotAllowed = "FUNCTION_NOT_ALLOWED";
    public const string UnsupportedSql = "UNSUPPORTED_SQL";
    public const string InvalidLimit = "INVALID_LIMIT";
    public const string QueryTimeout = "QUERY_TIMEOUT";
    public const string QueryFailed = "QUERY_FAILED";

    public QueryRejected(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public string Code { get; }
}
