using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace VmPortal.Testing.Faults;

/// <summary>An answer the storage service did not give: a status and an error code, as a throttled or failing account sends them.</summary>
internal sealed class SyntheticResponse(int status, string errorCode, TimeSpan? retryAfter) : Response
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["x-ms-error-code"] = errorCode,
        ["x-ms-request-id"] = Guid.NewGuid().ToString(),
        ["Content-Type"] = "application/json",
    };

    public override int Status => status;

    // The transport, which this answer never reaches, is what normally classifies a response as an error.
    public override bool IsError => status >= 400;
    public override string ReasonPhrase => errorCode;
    // JSON, which both the storage client's error parser and Azure.Core's default one read (only the transport attaches
    // the storage parser to a response, and this answer never reaches the transport).
    public override Stream? ContentStream { get; set; } = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
        $"{{\"error\":{{\"code\":\"{errorCode}\",\"message\":\"Injected by the test.\"}}}}"));
    public override string ClientRequestId { get; set; } = "";

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() =>
        AllHeaders().Select(h => new HttpHeader(h.Key, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) =>
        AllHeaders().TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = TryGetHeader(name, out var value) ? [value] : null;
        return values is not null;
    }

    private Dictionary<string, string> AllHeaders()
    {
        if (retryAfter is { } wait) _headers["Retry-After"] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
        return _headers;
    }
}
