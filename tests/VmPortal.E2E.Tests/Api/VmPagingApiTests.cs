using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

/// <summary>
/// <c>GET /api/vms</c> paged by <c>continuationToken</c> over HTTP, as a script walks it: page after page until no token
/// comes back, every VM exactly once and in the list's order, with the first page's total on every page. The portal is
/// shared with other classes, whose operations may still be adding or removing VMs: the walk searches for its own.
/// </summary>
[Collection(typeof(ApiPortal))]
public sealed class VmPagingApiTests(PortalApp app)
{
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task Following_the_continuation_token_to_the_end_returns_every_VM_once_in_order()
    {
        // The same VM name in several services, and a service whose name extends another's: the key is (service, name).
        var first = ApiClient.UniqueName("pg");
        string[] services = [first, first + "a", first + "b"];
        foreach (var service in services)
            foreach (var name in new[] { "app1", "app2", "web1" })
                await AddVmAsync(service, name);
        // The search finds the three services by the text they share, and the same filter goes with every token.
        var search = $"search={Uri.EscapeDataString(first)}";
        var all = await VmsAsync($"?{search}&take=1000");
        Assert.Null(all.Next);
        Assert.Equal(9, all.Total);
        Assert.Equal(services.SelectMany(s => new[] { $"{s}/app1", $"{s}/app2", $"{s}/web1" }), all.Keys);

        var walked = new List<string>();
        var pages = 0;
        var page = await VmsAsync($"?{search}&take=2");
        while (true)
        {
            pages++;
            Assert.Equal(all.Total, page.Total);
            walked.AddRange(page.Keys);
            if (page.Next is null) break;
            Assert.Equal(2, page.Keys.Count);
            Assert.True(pages <= all.Total, "The token never stops coming back.");
            page = await VmsAsync($"?{search}&take=2&continuationToken={Uri.EscapeDataString(page.Next)}");
        }

        Assert.Equal(all.Keys, walked);
        Assert.Equal(5, pages);
    }

    [Fact]
    public async Task A_token_with_a_skip_or_a_token_the_list_never_wrote_is_400_ValidationFailed()
    {
        await AddVmAsync(ApiClient.UniqueName("pg"), "one");
        await AddVmAsync(ApiClient.UniqueName("pg"), "two");
        var token = (await VmsAsync("?take=1")).Next;
        Assert.NotNull(token);

        using var withSkip = await _http.GetAsync($"/api/vms?take=1&skip=1&continuationToken={Uri.EscapeDataString(token)}");
        await withSkip.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "skip");
        using var forged = await _http.GetAsync("/api/vms?take=1&continuationToken=bm90LWEtdG9rZW4");
        await forged.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "continuationToken");
    }

    private async Task AddVmAsync(string service, string name) =>
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", name, "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedVM, "opsadmin", []));

    private async Task<(List<string> Keys, int Total, string? Next)> VmsAsync(string query)
    {
        var page = await _http.GetJsonAsync($"/api/vms{query}");
        var keys = page.GetProperty("items").EnumerateArray().Select(v => $"{v.S("serviceName")}/{v.S("name")}").ToList();
        string? next = null;
        if (page.TryGetProperty("continuationToken", out var token))
        {
            Assert.Equal(JsonValueKind.String, token.ValueKind); // the last page leaves it out; it is never null
            next = token.GetString();
        }
        return (keys, page.GetProperty("total").GetInt32(), next);
    }
}
