using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Datasets.Tests.Ingest;

public sealed class CsvDialectTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Utf8_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, TestStreams.Csv("id,name\n1,a\n", bom: true));

        Assert.Equal("id", result.Columns[0].Name);
        Assert.Equal(ColumnType.Integer, result.Columns[0].Type);
        Assert.Equal(["id", "name"], parquet.Names);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task Lf_and_crlf_line_endings_read_the_same(string newline)
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, string.Join(newline, "a,b", "1,x", "2,y") + newline);

        Assert.Equal(2, result.RowCount);
        Assert.Equal(["x", "y"], parquet.Column("b"));
        Assert.Equal([1L, 2L], parquet.Column("a"));
    }

    [Fact]
    public async Task Quoted_fields_keep_embedded_newlines_delimiters_and_doubled_quotes()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "id,text\r\n1,\"line one\r\nline two, with a comma\"\r\n2,\"say \"\"hi\"\"\"\r\n");

        Assert.Equal(2, result.RowCount);
        Assert.Equal(["line one\r\nline two, with a comma", "say \"hi\""], parquet.Column("text"));
    }

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    public async Task Delimiter_is_detected_among_comma_semicolon_and_tab(char delimiter)
    {
        var csv = string.Join(delimiter, "id", "name", "note") + "\n" + string.Join(delimiter, "1", "a", "\"x,y;z\"") + "\n";

        var (result, parquet) = await Ingestion.CsvAsync(_dir, csv);

        Assert.Equal(delimiter, result.Delimiter);
        Assert.Equal(["id", "name", "note"], parquet.Names);
        Assert.Equal("x,y;z", parquet[0, "note"]);
    }

    [Fact]
    public async Task Delimiters_inside_quotes_do_not_count_when_detecting()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "a;b\n\"1,2,3\";4\n\"5,6,7\";8\n");

        Assert.Equal(';', result.Delimiter);
        Assert.Equal(["1,2,3", "5,6,7"], parquet.Column("a"));
    }

    [Fact]
    public async Task Delimiter_consistent_on_every_line_wins_over_one_more_frequent_on_the_header()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "a;b;c,d\n1;2x3,4\n5;6;7,8\n");

        Assert.Equal(',', result.Delimiter);
        Assert.Equal(["a;b;c", "d"], parquet.Names);
    }

    [Fact]
    public async Task Explicit_delimiter_overrides_detection()
    {
        var limits = Ingestion.Limits();
        limits.Delimiter = ';';

        var (result, parquet) = await Ingestion.CsvAsync(_dir, "a,b;c\n1,2;3\n", limits);

        Assert.Equal(';', result.Delimiter);
        Assert.Equal(["a,b", "c"], parquet.Names);
        Assert.Equal("1,2", parquet[0, "a,b"]);
    }

    [Fact]
    public async Task Header_names_are_trimmed_and_empty_names_become_column_n()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, " id ,,name,\n1,2,3,4\n");

        Assert.Equal(["id", "column_2", "name", "column_4"], result.Columns.Select(c => c.Name));
        Assert.Equal(["id", "column_2", "name", "column_4"], parquet.Names);
    }

    [Fact]
    public async Task Header_names_with_dots_spaces_and_symbols_are_kept()
    {
        var (_, parquet) = await Ingestion.CsvAsync(_dir, "a.b,price ($),\"x,y\",é\n1,2,3,4\n");

        Assert.Equal(["a.b", "price ($)", "x,y", "é"], parquet.Names);
        Assert.Equal(1L, parquet[0, "a.b"]);
    }

    [Fact]
    public async Task Duplicate_header_names_get_numbered_suffixes_ignoring_case()
    {
        var (result, _) = await Ingestion.CsvAsync(_dir, "a,A,a,b,a_2\n1,2,3,4,5\n");

        // a_2 is a name of its own in the header, so the repeats of a skip it.
        Assert.Equal(["a", "A_3", "a_4", "b", "a_2"], result.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task Stray_quotes_inside_an_unquoted_value_are_text()
    {
        var (_, parquet) = await Ingestion.CsvAsync(_dir, "a,b\n5\" tall,x\n");

        Assert.Equal("5\" tall", parquet[0, "a"]);
    }

    [Fact]
    public async Task File_with_one_column_has_no_delimiter_to_detect_and_reads_as_one_column()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "name\nAda\nGrace\n");

        Assert.Equal(',', result.Delimiter);
        Assert.Equal(["Ada", "Grace"], parquet.Column("name"));
    }

    [Fact]
    public async Task Non_ascii_text_is_kept()
    {
        var (_, parquet) = await Ingestion.CsvAsync(_dir, "name,city\nZoë,Zürich\n李,東京\nplain,ascii\n");

        Assert.Equal(["Zoë", "李", "plain"], parquet.Column("name"));
        Assert.Equal(["Zürich", "東京", "ascii"], parquet.Column("city"));
    }

    [Fact]
    public async Task Blank_lines_are_skipped()
    {
        var (result, _) = await Ingestion.CsvAsync(_dir, "a,b\n\n1,2\n\n\n3,4\n\n");

        Assert.Equal(2, result.RowCount);
    }

    [Fact]
    public async Task Non_seekable_input_is_read_in_small_pieces_and_counted()
    {
        var text = "id,name\n" + string.Concat(Enumerable.Range(1, 5000).Select(i => $"{i},name {i}\n"));
        var input = new NonSeekableStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), maxRead: 100);

        var (result, parquet) = await Ingestion.CsvAsync(_dir, input);

        Assert.Equal(5000, result.RowCount);
        Assert.Equal(text.Length, result.BytesRead);
        Assert.Equal(input.BytesRead, result.BytesRead);
        Assert.Equal("name 5000", parquet[4999, "name"]);
    }

    [Fact]
    public async Task Row_groups_are_cut_by_row_count()
    {
        var text = "n\n" + string.Concat(Enumerable.Range(1, 25).Select(i => $"{i}\n"));

        var (_, parquet) = await Ingestion.CsvAsync(_dir, text, Ingestion.Limits(sample: 5, rowGroup: 10));

        Assert.Equal(3, parquet.RowGroups);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (object?)(long)i), parquet.Column("n"));
    }

    [Fact]
    public async Task Row_groups_are_cut_early_when_their_text_passes_the_buffer_bound()
    {
        var wide = new string('w', 1000);
        var text = "id,text\n" + string.Concat(Enumerable.Range(1, 20).Select(i => $"{i},{wide}\n"));
        var limits = Ingestion.Limits(sample: 1);
        limits.RowGroupTextBytes = 4000;

        var (result, parquet) = await Ingestion.CsvAsync(_dir, text, limits);

        Assert.Equal(20, result.RowCount);
        Assert.Equal(5, parquet.RowGroups);
        Assert.All(parquet.Column("text"), v => Assert.Equal(wide, v));
    }
}
