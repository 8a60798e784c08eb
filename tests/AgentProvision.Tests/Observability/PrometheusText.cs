using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentProvision.Tests.Observability;

/// <summary>One sample of a Prometheus text exposition: <c>name{label="value",…} 1.5</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public override string ToString() =>
        $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Scrapes and parses <c>/metrics</c> well enough for assertions on series, labels and values.</summary>
public static partial class PrometheusText
{
    public static async Task<List<PrometheusSample>> ScrapeAsync(HttpClient http, Uri? baseAddress = null)
    {
        using var response = await http.GetAsync(baseAddress is null ? new Uri("/metrics", UriKind.Relative) : new Uri(baseAddress, "/metrics"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        return Parse(text);
    }

    public static List<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var number => double.Parse(number, CultureInfo.InvariantCulture),
            };
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, value));
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
