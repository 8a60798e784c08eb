namespace AgentProvision.Datasets.Query;

/// <summary>
/// A small lexer over SQL text: enough to know where literals, quoted names and comments are, so trailing
/// <c>;</c> and comments can be cut off and statements counted for a clear message. Which SQL is allowed is never
/// decided here: DuckDB's parser does that on the text this returns.
/// </summary>
internal static class SqlText
{
    private enum Kind
    {
        Word,
        Literal,
        Symbol,
        Semicolon,
    }

    private readonly record struct Token(Kind Kind, int Start, int End);

    /// <summary>
    /// The text without leading whitespace and without trailing whitespace, comments and <c>;</c>. A trailing
    /// <c>-- comment</c> would otherwise swallow whatever a caller appends (a remote connector adds <c>LIMIT</c>).
    /// </summary>
    public static string Normalize(string sql)
    {
        var tokens = Tokenize(sql);
        var last = tokens.FindLastIndex(token => token.Kind != Kind.Semicolon);
        if (last < 0)
        {
            return string.Empty;
        }

        var start = 0;
        while (char.IsWhiteSpace(sql[start]))
        {
            start++;
        }

        return sql[start..tokens[last].End];
    }

    /// <summary>How many non-empty statements the text holds, for the message when DuckDB refuses to serialize it.</summary>
    public static int CountStatements(string sql)
    {
        var count = 0;
        var inStatement = false;
        foreach (var token in Tokenize(sql))
        {
            if (token.Kind == Kind.Semicolon)
            {
                inStatement = false;
            }
            else if (!inStatement)
            {
                inStatement = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>The first word of the text (<c>DROP</c>, <c>COPY</c>…), upper-cased, to name what was refused.</summary>
    public static string? FirstWord(string sql)
    {
        foreach (var token in Tokenize(sql))
        {
            if (token.Kind == Kind.Word)
            {
                return sql[token.Start..token.End].ToUpperInvariant();
            }

            if (token.Kind != Kind.Symbol || sql[token.Start] != '(')
            {
                return null;
            }
        }

        return null;
    }

    private static List<Token> Tokenize(string sql)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            var start = i;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && next == '-')
            {
                i = SkipLineComment(sql, i);
            }
            else if (c == '/' && next == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (c == ';')
            {
                tokens.Add(new Token(Kind.Semicolon, i, ++i));
            }
            else if (c == '\'')
            {
                var escapes = tokens.Count > 0 && tokens[^1] is { Kind: Kind.Word } word && word.End == i
                    && word.End - word.Start == 1 && sql[word.Start] is 'E' or 'e';
                i = SkipQuoted(sql, i, '\'', escapes);
                tokens.Add(new Token(Kind.Literal, start, i));
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
                tokens.Add(new Token(Kind.Literal, start, i));
            }
            else if (c == '$' && TryDollarTag(sql, i, out var tag))
            {
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + tag.Length;
                tokens.Add(new Token(Kind.Literal, start, i));
            }
            else if (IsWordChar(c))
            {
                while (i < sql.Length && IsWordChar(sql[i]))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Word, start, i));
            }
            else
            {
                tokens.Add(new Token(Kind.Symbol, i, ++i));
            }
        }

        return tokens;
    }

    private static int SkipLineComment(string sql, int i)
    {
        while (i < sql.Length && sql[i] is not ('\n' or '\r'))
        {
            i++;
        }

        return i;
    }

    /// <summary>Block comments nest, as in PostgreSQL, whose grammar DuckDB's parser comes from.</summary>
    private static int SkipBlockComment(string sql, int i)
    {
        var depth = 0;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && i + 1 < sql.Length && sql[i + 1] == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    /// <summary>A doubled quote stands for itself; in <c>E'…'</c> strings a backslash escapes the next character.</summary>
    private static int SkipQuoted(string sql, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    /// <summary><c>$tag$</c> opens a dollar-quoted string unless the <c>$</c> continues a name or is a parameter like <c>$1</c>.</summary>
    private static bool TryDollarTag(string sql, int i, out string tag)
    {
        tag = string.Empty;
        if (i > 0 && IsWordChar(sql[i - 1]))
        {
            return false;
        }

        var end = i + 1;
        if (end < sql.Length && (char.IsLetter(sql[end]) || sql[end] == '_'))
        {
            while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
            {
                end++;
            }
        }

        if (end >= sql.Length || sql[end] != '$')
        {
            return false;
        }

        tag = sql[i..(end + 1)];
        return true;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' || c > 127;
}
