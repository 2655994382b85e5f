using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Security;

/// <summary>
/// Every name of every <c>/api</c> route — in the path, in the body, in the query — sent a corpus of hostile values over
/// real HTTP: each control character, bidi and zero-width marks, a trailing newline, an over-long name, <c>..</c>, <c>/</c>,
/// <c>%</c>, spaces and look-alikes of public images. Each must be refused as 400 problem+json <c>InvalidName</c> blaming
/// the field, and nothing may appear in the catalogue or in storage. The routes and their body shapes are read from the
/// running portal's endpoint data source, so a route added later is covered without touching this test (a new body shape
/// fails here until it is given a baseline below).
/// </summary>
public sealed partial class HostileInputTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string Service = "hostile-svc";
    private const string Vm = "vm1";

    public static IEnumerable<(string Label, string Value)> Corpus()
    {
        for (var c = 0; c < 0x20; c++) yield return ($"U+{c:X4}", $"bad{(char)c}name");
        yield return ("U+007F", "bad\u007Fname");
        foreach (var mark in new[] { 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF })
            yield return ($"U+{mark:X4}", $"bad{(char)mark}name");
        yield return ("trailing newline", "CentOS-6.5\n");
        yield return ("300 characters", new string('a', 300));
        yield return ("..", "..");
        yield return ("slash", "a/b");
        yield return ("percent", "a%b");
        yield return ("space", "a b");
        yield return ("Cyrillic look-alike", "Ubuntu-S\u0435rver-14.04-LTS");
        yield return ("zero-width look-alike", "CentOS-6.5\u200B");
    }

    /// <summary>A body each request shape accepts as to form, so the one hostile name is the first thing wrong with it.</summary>
    private static readonly Dictionary<string, string> Baselines = new()
    {
        ["TokenRequest"] = """{"userName":"reader","password":"Not-The-Pa55!"}""",
        ["CreateUploadRequest"] = """{"name":"hostile-upload","sizeBytes":8389120,"location":"West US"}""",
        // An upload's chunk: raw bytes, no name in it.
        ["Stream"] = "",
        ["CreateStorageAccountRequest"] = """{"name":"vmpnew","location":"West US"}""",
        ["CreateCloudServiceRequest"] = """{"name":"fresh-svc","location":"West US"}""",
        ["CreateVirtualNetworkRequest"] = """{"name":"fresh-net","location":"West US","addressSpace":"10.0.0.0/16","subnets":[{"name":"front","addressPrefix":"10.0.1.0/24"}]}""",
        ["DeployRequest"] = """
            {"name":"vm2","imageName":"CentOS-6.5","instanceSize":"Small","location":"West US","mediaLocation":"vmpwestus",
             "provisioning":{"computerName":"vm2","adminUserName":"opsadmin","adminPassword":"Passw0rd!"},
             "network":{"virtualNetwork":"fresh-net","subnet":"front","endpoints":[{"name":"ssh","protocol":"tcp","publicPort":50022,"localPort":22}]}}
            """,
        ["StopVmBody"] = """{"deallocate":false}""",
        ["ResizeVmBody"] = """{"instanceSize":"Small"}""",
        ["AttachDataDiskBody"] = """{"lun":5,"diskName":"no-such-disk"}""",
        ["CaptureRequest"] = """{"osState":"Specialized","imageName":"fresh-image"}""",
        ["ImageUpdate"] = """{"name":"CentOS-6.5","lifecycle":{}}""",
        ["RegisterVmImageRequest"] = """{"name":"fresh-image","osDiskConfiguration":{"mediaLink":"http://127.0.0.1:1/acct/vhds/x.vhd","os":"Linux","osState":"Specialized"}}""",
        ["RegisterOsImageRequest"] = """{"name":"fresh-image","mediaLink":"http://127.0.0.1:1/acct/vhds/x.vhd","os":"Linux"}""",
        ["StorageRepairRequest"] = """{"problems":[]}""",
        ["ReplicateImageRequest"] = """{"locations":["North Europe"]}""",
    };

    /// <summary>Query parameters that name a resource.</summary>
    private static readonly HashSet<string> NameQueries = ["service"];

    /// <summary>Members of a request body that are names (found by reflection on every body type).</summary>
    private static bool IsNameMember(PropertyInfo p) =>
        p.PropertyType == typeof(string) && (p.Name.EndsWith("Name", StringComparison.Ordinal) || p.Name is "VirtualNetwork" or "Subnet" or "MediaLocation" or "Replacement");

    [Fact]
    public async Task Every_name_of_every_route_refuses_the_corpus_and_nothing_is_created()
    {
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            Service, "West US", Vm, "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedVM, "opsadmin", []));
        var routes = ApiRoutes();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} API routes found: the enumeration is broken.");
        var before = await SnapshotAsync();
        using var http = app.AdminClient();
        var wrong = new List<string>();
        var slots = 0;

        foreach (var route in routes)
        {
            foreach (var parameter in NameParameters(route.Pattern))
                foreach (var (label, value) in Corpus())
                {
                    slots++;
                    using var response = await SendAsync(http, route, Path(route.Pattern, parameter, value), Baseline(route));
                    if (await PathRefusalProblemAsync(response, value, parameter) is { } problem)
                        wrong.Add($"{route.Method} {route.Pattern} {{{parameter}}} = {label}: {problem}");
                }

            foreach (var query in NameQueries.Where(q => route.Queries.Contains(q)))
                foreach (var (label, value) in Corpus())
                {
                    slots++;
                    using var response = await SendAsync(http, route, $"{Path(route.Pattern, null, null)}?{query}={Uri.EscapeDataString(value)}", null);
                    if (await RefusalProblemAsync(response, field: null) is { } problem) wrong.Add($"{route.Method} {route.Pattern}?{query} = {label}: {problem}");
                }

            if (route.Body is null) continue;
            var baseline = Baseline(route) ?? throw new InvalidOperationException(
                $"{route.Method} {route.Pattern} takes a {route.Body.Name}: give it a baseline in {nameof(Baselines)}.");
            foreach (var field in NameFields(route.Body, ""))
                foreach (var (label, value) in Corpus())
                {
                    slots++;
                    var body = JsonNode.Parse(baseline)!;
                    Set(body, field, value);
                    using var response = await SendAsync(http, route, Path(route.Pattern, null, null), body.ToJsonString());
                    var problem = route.Name == "PreviewCapture"
                        ? await PreviewProblemAsync(response, value)
                        : await RefusalProblemAsync(response, field);
                    if (problem is not null) wrong.Add($"{route.Method} {route.Pattern} body {field} = {label}: {problem}");
                }
        }

        Assert.True(slots > 1500, $"Only {slots} hostile requests were sent: name discovery is broken.");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {slots}:\n{string.Join("\n", wrong.Take(60))}");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public void Every_body_shape_with_a_name_has_a_baseline_and_the_name_discovery_finds_the_known_ones()
    {
        var bodies = ApiRoutes().Where(r => r.Body is not null).Select(r => r.Body!).Distinct().ToList();
        Assert.All(bodies, b => Assert.True(Baselines.ContainsKey(b.Name), $"{b.Name} has no baseline"));
        var deploy = bodies.Single(b => b.Name == "DeployRequest");
        Assert.Equal(
            ["name", "imageName", "mediaLocation", "provisioning.computerName", "provisioning.adminUserName", "network.virtualNetwork", "network.subnet", "network.endpoints[0].name"],
            NameFields(deploy, ""));
    }

    /// <summary>Why a hostile name in the path was not refused as it must be, or <c>null</c>.</summary>
    private static async Task<string?> PathRefusalProblemAsync(HttpResponseMessage response, string value, string parameter)
    {
        // Kestrel itself refuses a NUL in the request line, with a bare 400 before the portal sees the request.
        if (value.Contains('\0') && response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentLength == 0) return null;
        // A location is one of a fixed list: any other text is ValidationFailed listing them — unless it is hostile, which is InvalidName.
        return await RefusalProblemAsync(response, field: null, alsoAllowed: parameter == "location" && !value.Any(IsInvisible) ? "ValidationFailed" : null);
    }

    private static async Task<string?> RefusalProblemAsync(HttpResponseMessage response, string? field, string? alsoAllowed = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.BadRequest) return $"{(int)response.StatusCode} {Shorten(text)}";
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"not problem+json: {Shorten(text)}";
        var problem = JsonDocument.Parse(text).RootElement;
        var actual = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
        if (actual != "InvalidName" && actual != alsoAllowed) return $"code {actual}: {Shorten(text)}";
        if (field is not null && (!problem.TryGetProperty("field", out var f) || f.GetString() != field))
            return $"blames {(problem.TryGetProperty("field", out var g) ? g.GetString() : "no field")}, not {field}";
        // The refusal names what is wrong without carrying it.
        var detail = problem.GetProperty("detail").GetString()!;
        return detail.Any(IsInvisible) ? $"the detail carries an invisible character: {Shorten(detail)}" : null;
    }

    /// <summary>A preview changes nothing by design: it answers 200 with the name refused among its blockers, and plans no blob with it.</summary>
    private static async Task<string?> PreviewProblemAsync(HttpResponseMessage response, string value)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) return $"{(int)response.StatusCode} {Shorten(text)}";
        var preview = JsonDocument.Parse(text).RootElement;
        if (!preview.GetProperty("blockers").EnumerateArray().Any(b => b.GetProperty("code").GetString() == "InvalidName" && b.GetProperty("field").GetString() == "imageName"))
            return "no InvalidName blocker for imageName";
        return preview.GetProperty("copies").EnumerateArray().Any(c => c.GetProperty("blobName").GetString()!.Contains(value, StringComparison.Ordinal))
            ? "a planned blob name carries the hostile name" : null;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, Route route, string path, string? body)
    {
        // Sent exactly as written: no client-side cleaning of the path (the server does its own).
        var uri = new Uri(http.BaseAddress!.AbsoluteUri.TrimEnd('/') + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var request = new HttpRequestMessage(new HttpMethod(route.Method), uri);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return http.SendAsync(request);
    }

    /// <summary>The route's path with valid names everywhere, but <paramref name="value"/> (escaped) in <paramref name="hostile"/>.</summary>
    private static string Path(string pattern, string? hostile, string? value) => Parameter().Replace(pattern, m =>
    {
        var name = m.Groups["name"].Value;
        if (name == hostile) return Uri.EscapeDataString(value!);
        return m.Groups["constraint"].Value == ":int" ? "0" : name switch
        {
            "id" => Guid.NewGuid().ToString(),
            "service" => Service,
            "vm" => Vm,
            _ when pattern.StartsWith("/api/images", StringComparison.Ordinal) => "CentOS-6.5",
            _ when pattern.StartsWith("/api/cloud-services", StringComparison.Ordinal) => Service,
            _ => "no-such-thing",
        };
    });

    /// <summary>
    /// Path parameters that name a resource. An image family is free text, not a name (public families have spaces), so most of the
    /// corpus is a family that does not exist: ImageFamilyApiTests checks its refusals.
    /// </summary>
    private static IEnumerable<string> NameParameters(string pattern) =>
        Parameter().Matches(pattern).Where(m => m.Groups["constraint"].Value != ":int" && m.Groups["name"].Value is not ("id" or "family"))
            .Select(m => m.Groups["name"].Value);

    private static string? Baseline(Route route) => route.Body is { } type && Baselines.TryGetValue(type.Name, out var json) ? json : null;

    /// <summary>The JSON paths of every name member of <paramref name="type"/>, into nested shapes and the first item of lists.</summary>
    private static List<string> NameFields(Type type, string prefix)
    {
        var fields = new List<string>();
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(p.Name);
            if (IsNameMember(p)) fields.Add(path);
            else if (ElementOf(p.PropertyType) is { } element && IsShape(element)) fields.AddRange(NameFields(element, $"{path}[0]."));
            else if (IsShape(p.PropertyType)) fields.AddRange(NameFields(p.PropertyType, $"{path}."));
        }
        return fields;
    }

    private static bool IsShape(Type t) => t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("VmPortal", StringComparison.Ordinal) == true;

    private static Type? ElementOf(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? t.GetGenericArguments()[0] : null;

    private static void Set(JsonNode root, string path, string value)
    {
        var node = root;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            var index = part.IndexOf('[');
            node = index < 0 ? node[part]! : node[part[..index]]![int.Parse(part[(index + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }
        node[parts[^1]] = value;
    }

    /// <summary>What a refused request must not have changed: catalogue rows and every blob of every storage account.</summary>
    private async Task<string> SnapshotAsync()
    {
        await using var db = await app.DbAsync();
        var counts = $"services {await db.CloudServices.CountAsync()}, vms {await db.VirtualMachines.CountAsync()}, images {await db.Images.CountAsync()}, " +
                     $"disks {await db.Disks.CountAsync()}, networks {await db.VirtualNetworks.CountAsync()}, operations {await db.Operations.CountAsync()}, " +
                     $"tokens {await db.ApiTokens.CountAsync()}, users {await db.Users.CountAsync()}";
        var blobs = new List<string>();
        foreach (var account in app.Services.GetRequiredService<BlobAccounts>().All)
            await foreach (var container in account.Service.GetBlobContainersAsync())
                await foreach (var blob in account.Service.GetBlobContainerClient(container.Name).GetBlobsAsync())
                    blobs.Add($"{account.Name}/{container.Name}/{blob.Name}");
        blobs.Sort(StringComparer.Ordinal);
        return $"{counts}\n{string.Join("\n", blobs)}";
    }

    private sealed record Route(string Method, string Pattern, string? Name, Type? Body, HashSet<string> Queries);

    private List<Route> ApiRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(
                m, e.RoutePattern.RawText!, e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType,
                // Query names: string parameters that are neither route values nor services the handler is given.
                e.Metadata.OfType<IParameterBindingMetadata>()
                    .Where(p => p.ParameterInfo.ParameterType == typeof(string) && e.RoutePattern.GetParameter(p.Name) is null)
                    .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase))))
            .Where(r => !HttpMethods.IsHead(r.Method))
            .OrderBy(r => r.Pattern).ThenBy(r => r.Method).ToList();

    private static bool IsInvisible(char c) => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Control
        or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"\{(?<name>[^}:?]+)\??(?<constraint>:[^}]*)?\}")]
    private static partial Regex Parameter();
}
