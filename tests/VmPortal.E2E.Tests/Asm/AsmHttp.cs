using System.Net;
using System.Text;
using System.Xml.Linq;

namespace VmPortal.E2E.Tests.Asm;

/// <summary>Raw ASM requests, for what the classic client never sends (hostile bodies, missing headers), and the shape of every answer.</summary>
internal static class AsmHttp
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public static readonly XNamespace Ns = "http://schemas.microsoft.com/windowsazure";

    public static string Path(string relative) => $"/asm/{Subscription}/{relative.TrimStart('/')}";

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient http, HttpMethod method, string path, string? body = null,
        string contentType = "application/xml", string? version = "2017-01-01")
    {
        using var request = new HttpRequestMessage(method, path);
        if (version is not null) request.Headers.Add("x-ms-version", version);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType);
        return await http.SendAsync(request);
    }

    /// <summary>Every answer, refusal or not, carries a request id.</summary>
    public static Guid RequestId(this HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("x-ms-request-id", out var values), $"No x-ms-request-id on {(int)response.StatusCode}");
        Assert.True(Guid.TryParse(values.Single(), out var id), $"x-ms-request-id '{values.Single()}' is not a GUID");
        return id;
    }

    /// <summary>Asserts an ASM <c>&lt;Error&gt;</c> answer and returns its message, which starts with the portal's code.</summary>
    public static async Task<string> AssertAsmErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string asmCode, string portalCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        response.RequestId();
        var error = XDocument.Parse(text).Root!;
        Assert.Equal(Ns + "Error", error.Name);
        Assert.Equal(asmCode, (string?)error.Element(Ns + "Code"));
        var message = (string?)error.Element(Ns + "Message") ?? "";
        Assert.StartsWith($"{portalCode}: ", message);
        return message;
    }
}
