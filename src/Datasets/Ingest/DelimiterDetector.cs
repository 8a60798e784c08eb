namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Picks the delimiter among <c>,</c> <c>;</c> and tab from the first lines of a file: for each candidate, count it
/// outside quotes on every complete line (a quoted field may span lines). A candidate that appears on the header and
/// the same number of times on every line is consistent; the consistent candidate with the most fields wins (ties in the
/// order above). With none consistent, the one most frequent on the header; with none there at all, a comma (one column).
/// </summary>
internal static class DelimiterDetector
{
    /// <summary>How much of the file is read to decide: enough for many lines of a typical file.</summary>
    public const int SampleBytes = 64 * 1024;

    private const int MaxLines = 50;
    private static readonly byte[] Candidates = [(byte)',', (byte)';', (byte)'\t'];

    /// <param name="start">The first bytes of the file.</param>
    /// <param name="isWholeFile">Whether <paramref name="start"/> is all of it, so its last line is complete.</param>
    public static char Detect(ReadOnlySpan<byte> start, bool isWholeFile)
    {
        var lines = CountPerLine(start, isWholeFile);
        if (lines.Count == 0)
        {
            return ',';
        }

        int best = -1, bestCount = 0;
        for (var c = 0; c < Candidates.Length; c++)
        {
            var header = lines[0][c];
            if (header > bestCount && lines.TrueForAll(line => line[c] == header))
            {
                (best, bestCount) = (c, header);
            }
        }

        if (best < 0)
        {
            for (var c = 0; c < Candidates.Length; c++)
            {
                if (lines[0][c] > bestCount)
                {
                    (best, bestCount) = (c, lines[0][c]);
                }
            }
        }

        return best < 0 ? ',' : (char)Candidates[best];
    }

    // Occurrences of each candidate outside quotes, per non-empty line. A doubled quote inside quotes toggles twice,
    // which leaves the state as it was, as it should.
    private static List<int[]> CountPerLine(ReadOnlySpan<byte> text, bool isWholeFile)
    {
        var lines = new List<int[]>();
        var counts = new int[Candidates.Length];
        var inQuotes = false;
        var lineHasText = false;
        foreach (var b in text)
        {
            if (b == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && b is (byte)'\n' or (byte)'\r')
            {
                if (lineHasText)
                {
                    lines.Add(counts);
                    if (lines.Count == MaxLines)
                    {
                        return lines;
                    }

                    counts = new int[Candidates.Length];
                }

                lineHasText = false;
                continue;
            }
            else if (!inQuotes)
            {
                var c = Array.IndexOf(Candidates, b);
                if (c >= 0)
                {
                    counts[c]++;
                }
            }

            lineHasText = true;
        }

        if (isWholeFile && lineHasText && !inQuotes)
        {
            lines.Add(counts);
        }

        return lines;
    }
}
