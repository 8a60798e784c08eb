using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using AgentProvision.Tests.Pipelines;

namespace AgentProvision.Tests.Api;

/// <summary>
/// No input makes the API answer 5xx: every operation of the OpenAPI document gets generated malformed bodies, path
/// ids and query values, signed in and not, and every 4xx must be problem+json. Deterministic (fixed seed, fixed
/// lists) and bounded: a few thousand requests against the in-process API and the real database.
/// </summary>
public sealed class MalformedInputFuzzTests(SystemFixture system) : SystemTest(system)
{
    private const string Problem = "application/problem+json";
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(20);

    /// <summary>Operations that never end by design (a server-sent event stream) are probed without a body only.</summary>
    private static readonly HashSet<string> Streams = ["/ops/events"];

    [Fact]
    public async Task No_operation_answers_5xx_to_malformed_input_and_every_4xx_is_problem_json()
    {
        // An API of its own: the failed logins this test provokes must not throttle the other tests' logins.
        await using var api = new ApiFactory(Fixture.ApiSettings());
        var tenant = await TenantClient.RegisterAsync(api);
        var existing = await CreateOneOfEachAsync(tenant);
        var random = new Random(9);
        using var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json"));
        var operations = FuzzOperation.ReadAll(document.RootElement);
        Assert.NotEmpty(operations);

        var tokens = new (string Name, string? Token)[] { ("signed in", tenant.AccessToken), ("anonymous", null), ("garbage token", "x.y.z") };
        // Generated up front, in a fixed order from a fixed seed; sent four at a time to keep the run short.
        var requests = operations
            .SelectMany(operation => tokens.SelectMany(token => Requests(operation, random, token.Name == "signed in", existing).Select(request => (token, request))))
            .ToList();
        var clients = tokens.ToDictionary(t => t.Name, t => NewClient(api, t.Token));
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
        {
            if (await CheckAsync(clients[item.token.Name], item.request) is { } failure)
            {
                failures.Add($"{item.token.Name}: {failure}");
            }
        });

        Assert.True(requests.Count > 1000, $"only {requests.Count} requests were generated");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} requests failed:\n" + string.Join("\n", failures.Order().Take(60)));
    }

    private static HttpClient NewClient(ApiFactory api, string? token)
    {
        var http = api.CreateClient();
        http.Timeout = PerRequest;
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>
    /// Resources of the signed-in tenant, so bodies reach the update paths and not only the 404 of an unknown id. DELETE
    /// gets unknown ids: the resources must outlive the run, whatever order the requests finish in.
    /// </summary>
    private static async Task<Dictionary<string, Guid>> CreateOneOfEachAsync(TenantClient tenant)
    {
        var notebook = await tenant.CreateNotebookAsync();
        using var pipeline = await tenant.Http.PostAsync("/api/v1/data_pipelines",
            new StringContent(PipelineClient.Body("fuzzed", PipelineClient.SingleTask()), Encoding.UTF8, "application/json"));
        using var dataset = await tenant.Http.PostAsync("/api/v1/datasets/ingest",
            new StringContent("""{"name":"fuzzed","records":[{"a":1,"b":"x"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, pipeline.StatusCode);
        Assert.Equal(HttpStatusCode.Created, dataset.StatusCode);
        return new Dictionary<string, Guid>
        {
            ["/api/v1/notebooks/{id}"] = notebook.Id,
            ["/api/v1/data_pipelines/{id}"] = await IdOfAsync(pipeline),
            ["/api/v1/datasets/{id}"] = await IdOfAsync(dataset),
        };
    }

    private static async Task<Guid> IdOfAsync(HttpResponseMessage created)
    {
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    private IEnumerable<FuzzRequest> Requests(FuzzOperation operation, Random random, bool thorough, Dictionary<string, Guid> existing)
    {
        var path = operation.Path;
        var stream = Streams.Any(s => path.EndsWith(s, StringComparison.Ordinal));
        // Well-formed path and query first, with every bad body; then bad path and query values with one good-looking body.
        var known = operation.Method == HttpMethod.Delete ? null : existing.FirstOrDefault(e => path.StartsWith(e.Key, StringComparison.Ordinal)).Key;
        var goodPath = operation.FillPath(name => name == "id" && known is not null ? existing[known].ToString() : Guid.NewGuid().ToString());
        if (stream)
        {
            yield return new FuzzRequest(operation.Method, goodPath, null);
            yield break;
        }

        if (operation.HasBody)
        {
            var bodies = FuzzBodies.For(operation, random).ToList();
            // Anonymous callers are turned away before the body is read; a sample of the bodies suffices for them.
            foreach (var body in thorough ? bodies : bodies.Where((_, i) => i % 8 == 0))
            {
                yield return new FuzzRequest(operation.Method, goodPath, body);
            }
        }
        else
        {
            yield return new FuzzRequest(operation.Method, goodPath, null);
        }

        if (!thorough)
        {
            yield break;
        }

        foreach (var bad in FuzzValues.PathSegments(random))
        {
            if (operation.PathParameters.Count > 0)
            {
                yield return new FuzzRequest(operation.Method, operation.FillPath(_ => bad), operation.HasBody ? FuzzBodies.EmptyObject : null);
            }
        }

        foreach (var query in operation.QueryParameters)
        {
            foreach (var bad in FuzzValues.QueryValues(random))
            {
                yield return new FuzzRequest(operation.Method, $"{goodPath}?{query}={bad}", operation.HasBody ? FuzzBodies.EmptyObject : null);
            }
        }
    }

    private static async Task<string?> CheckAsync(HttpClient http, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
        if (request.Body is { } body)
        {
            var content = new ByteArrayContent(body.Bytes);
            if (body.ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            }

            message.Content = content;
        }

        var what = $"{request.Method} {request.Path} [{request.Body?.Description ?? "no body"}]";
        try
        {
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                var text = await response.Content.ReadAsStringAsync();
                return $"{what} answered {status}: {text[..Math.Min(text.Length, 300)]}";
            }

            if (status >= 400 && response.Content.Headers.ContentType?.MediaType != Problem)
            {
                return $"{what} answered {status} as '{response.Content.Headers.ContentType?.MediaType}', not {Problem}";
            }

            return null;
        }
        catch (TaskCanceledException)
        {
            return $"{what} did not answer within {PerRequest.TotalSeconds} s";
        }
    }
}

internal sealed record FuzzRequest(HttpMethod Method, string Path, FuzzBody? Body);

internal sealed record FuzzBody(string Description, string? ContentType, byte[] Bytes)
{
    public static FuzzBody Json(string description, string json) => new(description, "application/json", Encoding.UTF8.GetBytes(json));
}

/// <summary>One operation of the OpenAPI document: its method, path, parameters and the properties of its JSON body.</summary>
internal sealed record FuzzOperation(
    HttpMethod Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters,
    bool HasBody, IReadOnlyList<(string Name, string Type)> BodyProperties)
{
    public string FillPath(Func<string, string> value)
    {
        var path = Path;
        foreach (var name in PathParameters)
        {
            path = path.Replace("{" + name + "}", value(name), StringComparison.Ordinal);
        }

        return path;
    }

    public static List<FuzzOperation> ReadAll(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<FuzzOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                string[] Named(string where) => parameters
                    .Where(x => x.GetProperty("in").GetString() == where)
                    .Select(x => x.GetProperty("name").GetString()!)
                    .ToArray();
                var method = HttpMethod.Parse(operation.Name);
                var hasBody = method == HttpMethod.Post || method == HttpMethod.Put || method == HttpMethod.Patch;
                operations.Add(new FuzzOperation(method, path.Name, Named("path"), Named("query"), hasBody, ReadBodyProperties(operation.Value, schemas)));
            }
        }

        return operations;
    }

    private static List<(string, string)> ReadBodyProperties(JsonElement operation, JsonElement schemas)
    {
        if (!operation.TryGetProperty("requestBody", out var body) || !body.TryGetProperty("content", out var content))
        {
            return [];
        }

        foreach (var media in content.EnumerateObject())
        {
            if (media.Value.TryGetProperty("schema", out var schema) && Resolve(schema, schemas) is { } resolved
                && resolved.TryGetProperty("properties", out var properties))
            {
                return properties.EnumerateObject()
                    .Select(property => (property.Name, Resolve(property.Value, schemas) is { } t && t.TryGetProperty("type", out var type) ? type.ToString() : "object"))
                    .ToList();
            }
        }

        return [];
    }

    private static JsonElement? Resolve(JsonElement schema, JsonElement schemas)
    {
        if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object)
        {
            var name = reference.GetString()!.Split('/')[^1];
            return schemas.TryGetProperty(name, out var target) ? target : null;
        }

        return schema;
    }
}

/// <summary>Bad values for path segments and query strings.</summary>
internal static class FuzzValues
{
    /// <summary>No "%00": Kestrel refuses a NUL in the path before the application sees it (and the test host throws on it).</summary>
    public static IEnumerable<string> PathSegments(Random random) =>
    [
        "not-a-guid", "-1", "0", "99999999999999999999999", "%ED%A0%80", "%FF%FE", "%C0%AF", "..%2F..%2Fetc%2Fpasswd",
        "00000000-0000-0000-0000-000000000000", new string('a', 5000), RandomText(random, 40), "%7B%7D", "true", "null",
    ];

    public static IEnumerable<string> QueryValues(Random random) =>
    [
        "abc", "-1", "-2147483649", "99999999999999999999", "1e309", "NaN", "%00", "%ED%A0%80", "%FF", "", new string('9', 5000),
        RandomText(random, 30), "1&limit=abc",
    ];

    public static string RandomText(Random random, int length)
    {
        const string alphabet = "abcXYZ019 %&=+/?#;,.'\"\\{}[]<>|~`^";
        return Uri.EscapeDataString(new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
    }
}

/// <summary>Malformed bodies: generic ones for every operation, and wrong values for each property of the operation's schema.</summary>
internal static class FuzzBodies
{
    public static readonly FuzzBody EmptyObject = FuzzBody.Json("{}", "{}");

    /// <summary>
    /// Tried on operations whose document has no body schema: those that read their body by hand (login's JSON or form,
    /// run parameters) and those that take none.
    /// </summary>
    private static readonly string[] HandReadProperties = ["email", "password", "parameters"];

    public static IEnumerable<FuzzBody> For(FuzzOperation operation, Random random)
    {
        foreach (var body in Generic(random))
        {
            yield return body;
        }

        var properties = operation.BodyProperties.Count > 0 ? operation.BodyProperties.Select(p => p.Name).ToList() : [.. HandReadProperties];
        foreach (var property in properties)
        {
            foreach (var (description, value) in BadValues(random))
            {
                yield return FuzzBody.Json($"{property}: {description}", $"{{\"{property}\": {value}}}");
            }
        }

        // All properties wrong at once, with random wrong values.
        var values = BadValues(random).ToList();
        for (var i = 0; i < 4; i++)
        {
            var members = properties.Select(p => $"\"{p}\": {values[random.Next(values.Count)].Value}");
            yield return FuzzBody.Json($"all properties, mix {i}", "{" + string.Join(",", members) + "}");
        }

        // Plausible bodies whose strings PostgreSQL cannot store, nested where JSONB columns would take them.
        yield return FuzzBody.Json("nested NUL in config", """{"name":"p","config":{"tasks":[{"name":"a\u0000","type":"sql","depends_on":[],"config":{"query":"select 1\u0000","k\u0000":"v"}}]}}""");
        yield return FuzzBody.Json("nested surrogate in config", """{"name":"p","config":{"tasks":[{"name":"a","type":"sql","depends_on":[],"config":{"query":"\ud800","\udc00":"v"}}]}}""");
        yield return FuzzBody.Json("NUL in records", """{"name":"r","records":[{"a\u0000":"x","b":"y\u0000"},{"a":{"deep":["\u0000"]}}]}""");
        yield return FuzzBody.Json("surrogate in records", """{"name":"r","records":[{"a":"\ud800"},{"\udfff":1}]}""");
        yield return FuzzBody.Json("NUL in parameter", """{"parameters":{"p":"x\u0000","q\u0000":"y"}}""");
        yield return FuzzBody.Json("surrogate in parameter", """{"parameters":{"p":"\ud800","\udbff":"y"}}""");
        yield return FuzzBody.Json("surrogate in cells", """{"name":"n","content":{"cells":[{"source":["\ud800"]}]}}""");
        yield return FuzzBody.Json("NUL in sql", """{"sql":"select 1\u0000","limit":1}""");
        yield return FuzzBody.Json("original register with surrogates", """{"user_in":{"email":"a\ud800@x.io","password":"\udc00\udc00\udc00\udc00\udc00\udc00\udc00\udc00","full_name":"\ud800"},"tenant_in":{"name":"\ud800"}}""");
    }

    public static IEnumerable<FuzzBody> Generic(Random random)
    {
        yield return new FuzzBody("empty", "application/json", []);
        yield return FuzzBody.Json("null", "null");
        yield return FuzzBody.Json("array", "[1,2,3]");
        yield return FuzzBody.Json("string", "\"text\"");
        yield return FuzzBody.Json("number", "12345678901234567890123");
        yield return FuzzBody.Json("true", "true");
        yield return FuzzBody.Json("truncated", "{\"name\": \"half");
        yield return FuzzBody.Json("trailing comma", "{\"name\": \"x\",}");
        yield return FuzzBody.Json("single quotes", "{'name': 'x'}");
        yield return FuzzBody.Json("comment", "{/* c */ \"name\": \"x\"}");
        yield return FuzzBody.Json("duplicate keys", "{\"name\": \"a\", \"name\": \"b\"}");
        yield return FuzzBody.Json("deep arrays", new string('[', 5000) + new string(']', 5000));
        yield return FuzzBody.Json("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000));
        yield return FuzzBody.Json("lone high surrogate", "{\"name\": \"\\ud800\", \"description\": \"\\ud800\"}");
        yield return FuzzBody.Json("lone low surrogate", "{\"name\": \"x\\udfffy\"}");
        yield return FuzzBody.Json("NUL escape", "{\"name\": \"a\\u0000b\", \"description\": \"\\u0000\"}");
        yield return FuzzBody.Json("raw control characters", "{\"name\": \"a\u0001\u001f\"}");
        yield return new FuzzBody("invalid UTF-8", "application/json", [.. "{\"name\": \""u8, 0xFF, 0xFE, 0xC0, 0xAF, .. "\"}"u8]);
        yield return new FuzzBody("UTF-8 encoded surrogate", "application/json", [.. "{\"name\": \""u8, 0xED, 0xA0, 0x80, .. "\"}"u8]);
        yield return new FuzzBody("BOM then garbage", "application/json", [0xEF, 0xBB, 0xBF, 0x00, 0x01]);
        yield return new FuzzBody("random bytes", "application/json", RandomBytes(random, 512));
        yield return FuzzBody.Json("huge string", "{\"name\": \"" + new string('x', 1024 * 1024) + "\"}");
        yield return FuzzBody.Json("many properties", "{" + string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"\"p{i}\": {i}")) + "}");
        yield return new FuzzBody("text/plain", "text/plain", "name=x"u8.ToArray());
        yield return new FuzzBody("xml", "application/xml", "<name>x</name>"u8.ToArray());
        yield return new FuzzBody("no content type", null, "{\"name\": \"x\"}"u8.ToArray());
        yield return new FuzzBody("bad content type", "application/json; charset=ebcdic-xx", "{\"name\": \"x\"}"u8.ToArray());
        yield return new FuzzBody("unparseable content type", "@@@/;;;", "{}"u8.ToArray());
        yield return new FuzzBody("multipart without boundary", "multipart/form-data", "--x\r\n"u8.ToArray());
        yield return new FuzzBody("multipart garbage", "multipart/form-data; boundary=b", RandomBytes(random, 256));
        yield return Multipart("multipart with bad fields", ("name", [0xFF, 0xFE]), ("description", "\0"u8.ToArray()), ("file", "a,b\n1,2\n"u8.ToArray()));
        yield return Multipart("multipart NUL name", ("name", "x\0y"u8.ToArray()), ("file", "a,b\n1,2\n"u8.ToArray()));
        yield return Multipart("multipart NUL in csv", ("name", "n"u8.ToArray()), ("file", "a\0,b\n1,\0\n"u8.ToArray()));
        yield return Multipart("multipart invalid UTF-8 csv", ("name", "n"u8.ToArray()), ("file", [.. "a,b\n"u8, 0xFF, 0xC0, (byte)',', 0xED, 0xA0, 0x80, (byte)'\n']));
        yield return Multipart("multipart huge name", ("name", Encoding.UTF8.GetBytes(new string('n', 70_000))), ("file", "a\n1\n"u8.ToArray()));
        yield return new FuzzBody("form garbage", "application/x-www-form-urlencoded", "username=%00&password=%ED%A0%80&&&=%"u8.ToArray());
        yield return new FuzzBody("form huge", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes("username=a@b.c&password=" + new string('p', 200_000)));
    }

    private static IEnumerable<(string Description, string Value)> BadValues(Random random) =>
    [
        ("null", "null"),
        ("number", "-1.5e308"),
        ("big integer", "123456789012345678901234567890"),
        ("boolean", "false"),
        ("array", "[\"a\", 1, null]"),
        ("object", "{\"x\": {\"y\": [1, {\"z\": null}]}}"),
        ("empty string", "\"\""),
        ("whitespace", "\"   \""),
        ("NUL", "\"a\\u0000b\""),
        ("lone surrogate", "\"\\ud800\""),
        ("reversed surrogates", "\"\\udc00\\ud800\""),
        ("long string", "\"" + new string('y', 70_000) + "\""),
        ("random text", JsonSerializer.Serialize(Uri.UnescapeDataString(FuzzValues.RandomText(random, 64)))),
        ("object with NUL key", "{\"\\u0000\": \"\\u0000\"}"),
        ("object with surrogate", "{\"\\ud800\": [\"\\udfff\"]}"),
        ("nested deep", new string('[', 200) + new string(']', 200)),
    ];

    private static FuzzBody Multipart(string description, params (string Name, byte[] Value)[] parts)
    {
        using var body = new MemoryStream();
        foreach (var (name, value) in parts)
        {
            var fileName = name == "file" ? "; filename=\"d.csv\"" : "";
            body.Write(Encoding.ASCII.GetBytes($"--fuzz\r\nContent-Disposition: form-data; name=\"{name}\"{fileName}\r\n\r\n"));
            body.Write(value);
            body.Write("\r\n"u8);
        }

        body.Write("--fuzz--\r\n"u8);
        return new FuzzBody(description, "multipart/form-data; boundary=fuzz", body.ToArray());
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
