using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>The connection <c>Connect-VmPortal</c> opened: the portal's address and a bearer token, used by every cmdlet.</summary>
internal sealed class PortalSession : IDisposable
{
    private static PortalSession? _current;
    private readonly HttpClient _http;

    private PortalSession(Uri uri, string? token)
    {
        _http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Uri => _http.BaseAddress!;

    public static PortalSession Current => _current
        ?? throw new PortalApiException("NotConnected", "Not connected to a VmPortal; run Connect-VmPortal -Uri <portal> -Credential <user> first.");

    /// <summary>The session, or null before <c>Connect-VmPortal</c> (argument completers then offer nothing).</summary>
    public static PortalSession? TryCurrent => _current;

    public static PortalSession Open(Uri uri, string? userName, string? password)
    {
        var anonymous = new PortalSession(uri, null);
        if (userName is null)
        {
            _current = anonymous;
            return anonymous;
        }
        var answer = anonymous.Send(HttpMethod.Post, "/api/auth/token", new JsonObject { ["userName"] = userName, ["password"] = password });
        _current = new PortalSession(uri, answer!["token"]!.GetValue<string>());
        return _current;
    }

    public JsonNode? Get(string path) => Send(HttpMethod.Get, path, null);

    public JsonNode? Send(HttpMethod method, string path, JsonNode? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = _http.Send(request);
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw PortalApiException.From(response.StatusCode, text);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    /// <summary>Sends raw bytes (an upload's chunk) with <c>PUT</c>; thread-safe, so several uploader threads share the session.</summary>
    public void Put(string path, byte[] buffer, int count)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(buffer, 0, count) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = _http.Send(request);
        if (!response.IsSuccessStatusCode)
            throw PortalApiException.From(response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>
    /// Every item of a list route, page by page (API.md lists: <c>{items, total}</c>, at most 1000 per page): by the
    /// <c>continuationToken</c> a list paged by key returns (VMs, images, disks: no OFFSET however deep), else by <c>skip</c>.
    /// </summary>
    public IEnumerable<JsonNode> GetAll(string path)
    {
        var separator = path.Contains('?') ? '&' : '?';
        var read = 0;
        string? next = null;
        while (true)
        {
            var from = next is null ? $"skip={read}" : $"continuationToken={Uri.EscapeDataString(next)}";
            var page = Get($"{path}{separator}{from}&take=1000")!;
            var items = page["items"]!.AsArray();
            foreach (var item in items) yield return item!;
            read += items.Count;
            var keyed = next is not null;
            next = page["continuationToken"]?.GetValue<string>();
            if (next is not null) continue;
            if (keyed || items.Count < 1000 || read >= page["total"]!.GetValue<int>()) yield break;
        }
    }

    public static string Segment(string name) => Uri.EscapeDataString(name);

    public void Dispose() => _http.Dispose();
}

/// <summary>A refusal from the portal: its stable <c>code</c> and the sentence it gave (RFC 7807 <c>detail</c>).</summary>
internal sealed class PortalApiException(string code, string message, HttpStatusCode? status = null) : Exception(message)
{
    public string Code { get; } = code;
    public HttpStatusCode? Status { get; } = status;

    public static PortalApiException From(HttpStatusCode status, string body)
    {
        try
        {
            var problem = JsonNode.Parse(body);
            var code = problem?["code"]?.GetValue<string>() ?? status.ToString();
            var detail = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>() ?? body;
            return new PortalApiException(code, detail, status);
        }
        catch (JsonException)
        {
            return new PortalApiException(status.ToString(), $"The portal answered {(int)status}: {body}", status);
        }
    }
}
