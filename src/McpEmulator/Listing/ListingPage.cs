using System.Text;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AgentProvision.McpEmulator.Listing;

/// <summary>
/// Keyset paging for the listing extensions: items in ordinal key order, the page token is the last key handed out
/// (opaque to the caller), so a page never repeats or skips an item that existed throughout, whatever changes meanwhile.
/// </summary>
internal static class ListingPage
{
    public static (List<T> Items, string? NextPageToken) Take<T>(IEnumerable<T> items, Func<T, string> key, int? pageSize, string? pageToken)
    {
        var size = pageSize switch
        {
            null or 0 => ListingPages.DefaultPageSize,
            < 0 or > ListingPages.MaxPageSize => throw ConnectorException.InvalidParameter(
                $"page_size {pageSize} is outside 1..{ListingPages.MaxPageSize}."),
            _ => pageSize.Value,
        };
        var after = string.IsNullOrEmpty(pageToken) ? null : Decode(pageToken);
        // One more than asked tells whether there is a next page without a second pass.
        var page = items
            .Where(item => after is null || string.CompareOrdinal(key(item), after) > 0)
            .OrderBy(key, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        if (page.Count <= size)
        {
            return (page, null);
        }

        page.RemoveAt(size);
        return (page, Encode(key(page[^1])));
    }

    private static string Encode(string key) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(key));

    private static string Decode(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            throw ConnectorException.InvalidParameter($"page_token '{token}' is not one this server handed out.");
        }
    }
}
