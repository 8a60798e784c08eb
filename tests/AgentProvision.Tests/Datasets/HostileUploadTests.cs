using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentProvision.Api.Datasets;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentProvision.Tests.Datasets;

/// <summary>Bad files get a clear 4xx that names the problem, and leave neither a row nor a file behind.</summary>
public sealed class HostileUploadTests(SystemFixture system) : SystemTest(system)
{
    public static TheoryData<string, byte[], int, string> HostileFiles => new()
    {
        { "empty", [], 400, "empty" },
        { "header only", Encoding.UTF8.GetBytes("a,b,c\n"), 400, "no rows" },
        { "ragged row", Encoding.UTF8.GetBytes("a,b\n1,2\n3,4,5\n"), 400, "Line 3" },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("a,b\n1,"), 0xC3, 0x28, (byte)'\n'], 400, "UTF-8" },
        { "huge field", Encoding.UTF8.GetBytes("a,b\n1," + new string('x', 5000) + "\n"), 413, "Line 2" },
        { "too many columns", Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 60).Select(i => $"c{i}")) + "\n" + string.Join(",", Enumerable.Range(0, 60)) + "\n"), 413, "columns" },
        { "over the size limit", Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("123456,abcdef\n", 90_000))), 413, "" },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task Hostile_csv_is_refused_and_leaves_nothing_behind(string what, byte[] file, int expectedStatus, string mentions)
    {
        var tenant = await NewTenantAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("hostile"), "name" },
            { new ByteArrayContent(file), "file", $"{what}.csv" },
        };

        using var response = await tenant.Http.PostAsync("/api/v1/datasets/upload", form);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == expectedStatus, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mentions, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await AssertNothingLeftAsync(tenant.TenantId);
    }

    [Fact]
    public async Task Upload_without_a_name_is_refused_after_the_file_was_read_and_the_file_is_gone()
    {
        var tenant = await NewTenantAsync();
        using var response = await tenant.Http.PostAsync("/api/v1/datasets/upload", DatasetClient.Form("a\n1\n", name: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name", await response.Content.ReadAsStringAsync());
        await AssertNothingLeftAsync(tenant.TenantId);
    }

    [Fact]
    public async Task Upload_that_is_not_multipart_is_refused_with_415()
    {
        var tenant = await NewTenantAsync();
        using var response = await tenant.Http.PostAsync("/api/v1/datasets/upload", new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("multipart/form-data", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_aborted_by_the_client_leaves_nothing_behind()
    {
        var tenant = await NewTenantAsync();
        var file = new StreamContent(new FailingStream(Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 20_000)))));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent { { new StringContent("aborted"), "name" }, { file, "file", "aborted.csv" } };

        await Assert.ThrowsAnyAsync<Exception>(() => tenant.Http.PostAsync("/api/v1/datasets/upload", form));

        // The server notices the abort on its own time: wait for its staged file to go.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DatasetClient.FilesOf(Fixture.StorageRoot, tenant.TenantId).Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await AssertNothingLeftAsync(tenant.TenantId);
    }

    [Fact]
    public async Task Sweep_deletes_files_no_live_dataset_references_and_keeps_the_rest()
    {
        var tenant = await NewTenantAsync();
        var kept = await tenant.UploadAsync("a\n1\n");
        var keptFile = DatasetClient.FilesOf(Fixture.StorageRoot, tenant.TenantId).Single();
        // What a crash between promoting a file and committing its row leaves: a file in the tenant's folder, no row.
        var orphan = Path.Combine(Fixture.StorageRoot, tenant.TenantId.ToString("D"), Guid.NewGuid().ToString("D"), "orphan.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "not referenced");
        var staged = Path.Combine(Fixture.StorageRoot, ".staging", $"{tenant.TenantId:N}-{Guid.NewGuid():N}.parquet");
        await File.WriteAllTextAsync(staged, "an upload that died");
        var longAgo = DateTime.UtcNow.AddDays(-1);
        foreach (var path in new[] { orphan, staged, keptFile })
        {
            File.SetLastWriteTimeUtc(path, longAgo);
        }

        var recent = Path.Combine(Path.GetDirectoryName(orphan)!, "in-progress.parquet");
        await File.WriteAllTextAsync(recent, "written just now");

        var sweeper = Fixture.Api.Services.GetRequiredService<DatasetFileSweeper>();
        await sweeper.SweepAsync(CancellationToken.None);

        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(staged));
        Assert.True(File.Exists(keptFile));
        Assert.True(File.Exists(recent));
        File.Delete(recent);
        Assert.Equal(1, (await tenant.GetDatasetAsync(kept.Id)).RowCount);
    }

    private async Task AssertNothingLeftAsync(Guid tenantId)
    {
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Datasets.CountAsync(d => d.TenantId == tenantId));
        Assert.Empty(DatasetClient.FilesOf(Fixture.StorageRoot, tenantId));
    }

    /// <summary>A request body whose client gives up half-way: some data, then the connection fails.</summary>
    private sealed class FailingStream(byte[] data) : MemoryStream(data)
    {
        private readonly long _failAt = data.LongLength / 2;

        public override int Read(byte[] buffer, int offset, int count) =>
            Position > _failAt ? throw new IOException("client went away") : base.Read(buffer, offset, Math.Min(count, 4096));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            Position > _failAt ? throw new IOException("client went away") : base.ReadAsync(buffer[..Math.Min(buffer.Length, 4096)], cancellationToken);
    }
}
