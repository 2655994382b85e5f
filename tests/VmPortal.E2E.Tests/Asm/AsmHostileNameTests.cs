using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.E2E.Tests.Security;

namespace VmPortal.E2E.Tests.Asm;

/// <summary>
/// The hostile-name corpus of <see cref="HostileInputTests"/> in every name slot of the classic endpoint's paths: each must
/// be an XML <c>&lt;Error&gt;</c> 400 whose message starts with <c>InvalidName</c> — never a 404 that makes a name nothing
/// can have look like one that merely does not exist — and nothing may change.
/// </summary>
[Collection(typeof(ApiPortal))]
public sealed class AsmHostileNameTests(PortalApp app)
{
    private const string Service = "asm-names";
    private const string Vm = "web01";

    private static readonly XNamespace Ns = AsmHttp.Ns;

    /// <summary>Each route with a slot for the hostile name, the other slots valid, and the body it needs.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, string? Body)> Slots(string name)
    {
        var value = Uri.EscapeDataString(name);
        var start = $"""<StartRoleOperation xmlns="{Ns}"><OperationType>StartRoleOperation</OperationType></StartRoleOperation>""";
        yield return (HttpMethod.Get, $"services/hostedservices/{value}/deployments/{Service}/roles/{Vm}", null);
        yield return (HttpMethod.Get, $"services/hostedservices/{Service}/deployments/{value}/roles/{Vm}", null);
        yield return (HttpMethod.Get, $"services/hostedservices/{Service}/deployments/{Service}/roles/{value}", null);
        yield return (HttpMethod.Post, $"services/hostedservices/{value}/deployments/{Service}/roleinstances/{Vm}/Operations", start);
        yield return (HttpMethod.Post, $"services/hostedservices/{Service}/deployments/{value}/roleinstances/{Vm}/Operations", start);
        yield return (HttpMethod.Post, $"services/hostedservices/{Service}/deployments/{Service}/roleinstances/{value}/Operations", start);
        yield return (HttpMethod.Get, $"services/vmimages/{value}/details", null);
        yield return (HttpMethod.Delete, $"services/vmimages/{value}", null);
    }

    [Fact]
    public async Task Every_name_slot_of_the_classic_paths_refuses_the_corpus_as_InvalidName_and_nothing_changes()
    {
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            Service, "West US", Vm, "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedVM, "opsadmin", []));
        var before = await OperationCountAsync();
        using var http = app.CreateClient(PortalRoles.Operator);
        var wrong = new List<string>();
        var sent = 0;

        // A name that differs only in case is still the one service: its role reads.
        using (var shouted = await http.SendAsync(HttpMethod.Get, AsmHttp.Path($"services/hostedservices/ASM-Names/deployments/Asm-Names/roles/{Vm}")))
            Assert.Equal(HttpStatusCode.OK, shouted.StatusCode);

        foreach (var (label, value) in HostileInputTests.Corpus())
            foreach (var (method, path, body) in Slots(value))
            {
                sent++;
                using var response = await SendRawAsync(http, method, AsmHttp.Path(path), body);
                if (await ProblemAsync(response, value) is { } problem) wrong.Add($"{method} {path.Replace(Uri.EscapeDataString(value), "{x}", StringComparison.Ordinal)} = {label}: {problem}");
            }

        Assert.True(sent > 400, $"Only {sent} requests were sent.");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {sent}:\n{string.Join("\n", wrong.Take(40))}");
        Assert.Equal(before, await OperationCountAsync());
    }

    /// <summary>Sent exactly as written: no client-side cleaning of the path (a '..' reaches the server as sent).</summary>
    private static Task<HttpResponseMessage> SendRawAsync(HttpClient http, HttpMethod method, string path, string? body)
    {
        var uri = new Uri(http.BaseAddress!.AbsoluteUri.TrimEnd('/') + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("x-ms-version", "2017-01-01");
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/xml");
        return http.SendAsync(request);
    }

    private static async Task<string?> ProblemAsync(HttpResponseMessage response, string value)
    {
        var text = await response.Content.ReadAsStringAsync();
        // Kestrel itself refuses a NUL in the request line, with a bare 400 before the portal sees the request.
        if (value.Contains('\0') && response.StatusCode == HttpStatusCode.BadRequest && text.Length == 0) return null;
        if (response.StatusCode != HttpStatusCode.BadRequest) return $"{(int)response.StatusCode} {Shorten(text)}";
        var message = (string?)XDocument.Parse(text).Root?.Element(Ns + "Message") ?? "";
        return message.StartsWith("InvalidName: ", StringComparison.Ordinal) ? null : Shorten(message);
    }

    private async Task<int> OperationCountAsync()
    {
        await using var db = await app.DbAsync();
        return await db.Operations.CountAsync();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
