using System.Globalization;
using System.Text;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Reads typed values from the UTF-8 text of CSV fields, without allocating. All parsing is culture-invariant, and
/// spaces and tabs around a value are ignored for every type but string (which keeps the text as it is).
/// </summary>
internal static class ValueText
{
    /// <summary>The narrowest type of a non-empty value: integer, float, boolean, timestamp, else string.</summary>
    public static ColumnType Classify(ReadOnlySpan<byte> value)
    {
        var text = TrimSpaces(value);
        if (text.IsEmpty)
        {
            return ColumnType.String;
        }

        var first = text[0];
        if (IsDigit(first) || first is (byte)'-' or (byte)'+' or (byte)'.')
        {
            return TryInteger(text, out _) ? ColumnType.Integer
                : TryFloat(text, out _) ? ColumnType.Float
                : TryTimestamp(text, out _) ? ColumnType.Timestamp
                : ColumnType.String;
        }

        return TryBoolean(text, out _) ? ColumnType.Boolean : ColumnType.String;
    }

    public static bool Fits(ColumnType type, ReadOnlySpan<byte> value) => type switch
    {
        ColumnType.Integer => TryInteger(value, out _),
        ColumnType.Float => TryFloat(value, out _),
        ColumnType.Boolean => TryBoolean(value, out _),
        ColumnType.Timestamp => TryTimestamp(value, out _),
        _ => true,
    };

    public static bool TryInteger(ReadOnlySpan<byte> value, out long result) =>
        long.TryParse(TrimSpaces(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);

    /// <summary>
    /// Decimal and exponent notation. NaN and infinities are not floats (they would be text in a column of names,
    /// and would spoil the numeric summary); neither is a value too large for a double.
    /// </summary>
    public static bool TryFloat(ReadOnlySpan<byte> value, out double result) =>
        double.TryParse(TrimSpaces(value), NumberStyles.Float, CultureInfo.InvariantCulture, out result) && double.IsFinite(result);

    /// <summary><c>true</c> or <c>false</c> in any letter case. Not 0/1 or yes/no: those are integers and strings.</summary>
    public static bool TryBoolean(ReadOnlySpan<byte> value, out bool result)
    {
        var text = TrimSpaces(value);
        result = text.Length == 4 && Ascii.EqualsIgnoreCase(text, "true"u8);
        return result || (text.Length == 5 && Ascii.EqualsIgnoreCase(text, "false"u8));
    }

    /// <summary>
    /// ISO 8601: <c>yyyy-MM-dd</c>, optionally followed by <c>T</c> (or a space) and <c>HH:mm</c>, <c>:ss</c>, a fraction
    /// of up to 7 digits (more are truncated), and <c>Z</c> or an offset (<c>+01:00</c>, <c>+0100</c>, <c>+01</c>).
    /// Values with an offset are converted to UTC; values without one are taken as UTC.
    /// </summary>
    public static bool TryTimestamp(ReadOnlySpan<byte> value, out DateTime result)
    {
        result = default;
        var s = TrimSpaces(value);
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0, offsetMinutes = 0;
        var i = 10;
        if (i < s.Length)
        {
            if (s[i] is not ((byte)'T' or (byte)'t' or (byte)' ')
                || !TryDigits(s, i + 1, 2, out hour) || i + 3 >= s.Length || s[i + 3] != ':' || !TryDigits(s, i + 4, 2, out minute))
            {
                return false;
            }

            i += 6;
            if (i < s.Length && s[i] == ':')
            {
                if (!TryDigits(s, i + 1, 2, out second))
                {
                    return false;
                }

                i += 3;
                if (i < s.Length && s[i] is ((byte)'.' or (byte)',') && !TryFraction(s, ref i, out fractionTicks))
                {
                    return false;
                }
            }

            if (hour > 23 || minute > 59 || second > 59 || (i < s.Length && !TryZone(s, ref i, out offsetMinutes)) || i != s.Length)
            {
                return false;
            }
        }

        var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        result = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Drops spaces and tabs around a value; the common case (none) costs two comparisons.</summary>
    public static ReadOnlySpan<byte> TrimSpaces(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || (!IsSpace(value[0]) && !IsSpace(value[^1])))
        {
            return value;
        }

        var start = 0;
        var end = value.Length;
        while (start < end && IsSpace(value[start]))
        {
            start++;
        }

        while (end > start && IsSpace(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    // The digits after the decimal point, as ticks (100 ns): up to 7 digits count, the rest are dropped.
    private static bool TryFraction(ReadOnlySpan<byte> s, ref int i, out long ticks)
    {
        ticks = 0;
        var start = ++i;
        var digits = 0;
        for (; i < s.Length && IsDigit(s[i]); i++)
        {
            if (digits < 7)
            {
                ticks = (ticks * 10) + (s[i] - '0');
                digits++;
            }
        }

        for (; digits < 7; digits++)
        {
            ticks *= 10;
        }

        return i > start;
    }

    // Z, or +HH:mm, +HHmm, +HH (and the same with -): the minutes to subtract to get UTC.
    private static bool TryZone(ReadOnlySpan<byte> s, ref int i, out long offsetMinutes)
    {
        offsetMinutes = 0;
        if (s[i] is (byte)'Z' or (byte)'z')
        {
            i++;
            return true;
        }

        if (s[i] is not ((byte)'+' or (byte)'-') || !TryDigits(s, i + 1, 2, out var hours) || hours > 23)
        {
            return false;
        }

        var sign = s[i] == '-' ? -1 : 1;
        i += 3;
        var minutes = 0;
        if (i < s.Length)
        {
            var at = s[i] == ':' ? i + 1 : i;
            if (!TryDigits(s, at, 2, out minutes) || minutes > 59)
            {
                return false;
            }

            i = at + 2;
        }

        offsetMinutes = sign * ((hours * 60) + minutes);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t';
}
