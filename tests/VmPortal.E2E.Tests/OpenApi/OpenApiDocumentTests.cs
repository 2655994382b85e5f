using System.Net;
using System.Text.Json.Nodes;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Web.Api.OpenApi;

namespace VmPortal.E2E.Tests.OpenApi;

/// <summary>
/// <c>/openapi/v1.json</c> as a scripter's tools meet it: fetched without signing in, linted by Redocly's recommended
/// rules, turned into TypeScript types by openapi-typescript and compiled against a small client — and read member by
/// member for what those tools do not check (security per route, the stable codes, descriptions and examples).
/// </summary>
public sealed class OpenApiDocumentTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>API.md "Errors", every code of every row, plus TooManyRequests (the token route's 429).</summary>
    private static readonly string[] ApiMdCodes =
    [
        "InvalidName", "WeakPassword", "InvalidSshKey", "ProvisioningRequired", "ProvisioningNotAllowedForSpecializedImage", "LocationMismatch",
        "InstanceSizeTooSmall", "InvalidVhd", "InvalidLun", "InvalidHostCaching", "InvalidSize", "ValidationFailed", "InvalidRequest",
        "InvalidVersion", "InvalidTag", "Unauthenticated", "Forbidden", "NotFound", "ImageNameConflict", "NameConflict", "VmNotStopped",
        "VmNotGeneralized", "VmBusy", "ImageInUse", "DiskInUse", "LunInUse", "SpecializedCloneAcknowledgementRequired", "DiskBlobMissing",
        "ImageProtected", "ImageObsolete", "ImageDeleted", "VersionConflict", "BlobInUse", "ReplicaExists", "StorageFailed",
        "ProvisioningFailed", "OperationAbandoned", "InternalError", "TooManyRequests",
    ];

    [Fact]
    public async Task The_document_is_served_to_anyone_and_describes_the_REST_API_only()
    {
        using var http = app.AnonymousClient();
        using var response = await http.GetAsync(PortalOpenApi.DocumentPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/cloud-services/{service}/vms", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p)); // no /account/logout form post, no /asm
        Assert.Equal("/", Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>()); // the portal that served it
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var reference = await noRedirects.GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.Redirect, reference.StatusCode); // the browsable reference stays behind sign-in
    }

    [Fact]
    public async Task Every_operation_but_the_token_route_needs_a_bearer_token_and_documents_401_and_the_403_of_its_role()
    {
        var document = await DocumentAsync();

        Assert.Equal("http", document["components"]!["securitySchemes"]![SecurityTransformer.SchemeName]!["type"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]![SecurityTransformer.SchemeName]!["scheme"]!.GetValue<string>());
        foreach (var (method, path, operation) in Operations(document))
        {
            var security = operation["security"]!.AsArray();
            if (path == "/api/auth/token")
            {
                Assert.Equal("[{}]", security.ToJsonString()); // stated: no credentials needed
                continue;
            }
            Assert.Equal($$"""[{"{{SecurityTransformer.SchemeName}}":[]}]""", security.ToJsonString());
            Assert.True(Problem(operation, "401"), $"{method} {path} lacks its 401");
            var readerMay = method == "get" || path.EndsWith("/capture/preview", StringComparison.Ordinal);
            Assert.True(readerMay || Problem(operation, "403"), $"{method} {path} lacks the 403 a Reader gets");
        }
        var create = document["paths"]!["/api/virtual-networks"]!["post"]!["description"]!.GetValue<string>();
        Assert.EndsWith($"Needs a bearer token of an {PortalRoles.Admin}.", create);
    }

    [Fact]
    public async Task A_problem_has_a_code_from_every_stable_code_of_API_md_and_every_refusal_is_one()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        var codes = schemas["ErrorCode"]!["enum"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(ApiMdCodes.Order(), codes.Order());
        var problem = schemas["ProblemDetails"]!;
        Assert.Equal("#/components/schemas/ErrorCode", problem["properties"]!["code"]!["$ref"]!.GetValue<string>());
        Assert.Contains("code", problem["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("#/components/schemas/ErrorCode", schemas["OperationErrorView"]!["properties"]!["code"]!["$ref"]!.GetValue<string>());
        foreach (var (method, path, operation) in Operations(document))
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4')))
            {
                var media = response!["content"]!["application/problem+json"];
                Assert.True(media is not null, $"{method} {path} {status} is no problem");
                Assert.Equal("#/components/schemas/ProblemDetails", media!["schema"]!["$ref"]!.GetValue<string>());
                Assert.Contains(media["example"]!["code"]!.GetValue<string>(), codes);
            }
    }

    [Fact]
    public async Task Created_and_accepted_answers_document_their_Location()
    {
        var document = await DocumentAsync();

        var answers = Operations(document)
            .SelectMany(o => o.Operation["responses"]!.AsObject().Where(r => r.Key is "201" or "202").Select(r => (o.Method, o.Path, Response: r.Value!)))
            .ToList();
        Assert.Contains(answers, a => a.Path == "/api/cloud-services" && a.Method == "post");
        Assert.Contains(answers, a => a.Path.EndsWith("/capture", StringComparison.Ordinal));
        Assert.All(answers, a => Assert.True(a.Response["headers"]?["Location"]?["example"] is not null, $"{a.Method} {a.Path} lacks Location"));
        var operation = answers.First(a => a.Path.EndsWith("/capture", StringComparison.Ordinal)).Response["headers"]!["Location"]!["example"]!;
        Assert.StartsWith("/api/operations/", operation.GetValue<string>());
    }

    [Fact]
    public async Task Every_operation_parameter_schema_and_member_is_described_and_every_operation_has_an_example()
    {
        var document = await DocumentAsync();

        var missing = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) missing.Add($"{where}: summary");
            var description = operation["description"]?.GetValue<string>() ?? "";
            if (string.IsNullOrWhiteSpace(description.Split("\n\nNeeds a bearer token")[0])) missing.Add($"{where}: description");
            if (!Examples(operation).Any()) missing.Add($"{where}: example");
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                if (parameter!["description"] is null || parameter["example"] is null) missing.Add($"{where}: parameter {parameter["name"]}");
        }
        foreach (var (name, schema) in document["components"]!["schemas"]!.AsObject())
        {
            if (schema!["description"] is null) missing.Add($"schema {name}");
            foreach (var (member, property) in schema["properties"]?.AsObject() ?? [])
                if (property!["description"] is null) missing.Add($"{name}.{member}");
        }
        Assert.True(missing.Count == 0, "Undescribed (see Api/OpenApi: ApiSchemaDocs, ApiParameterDocs, ApiExamples, WithDescription):\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task The_lists_paged_by_key_take_a_continuation_token_and_their_pages_show_the_next_one()
    {
        var document = await DocumentAsync();

        foreach (var (path, tag) in new[] { ("/api/vms", "Virtual machines"), ("/api/images", "Images"), ("/api/disks", "Disks") })
        {
            var list = document["paths"]![path]!["get"]!;
            Assert.Equal(tag, Assert.Single(list["tags"]!.AsArray())!.GetValue<string>());
            var token = list["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "continuationToken")!;
            Assert.Equal("query", token["in"]!.GetValue<string>());
            var answer = list["responses"]!["200"]!["content"]!["application/json"]!;
            var page = document["components"]!["schemas"]![answer["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1]]!;
            Assert.Equal("string", page["properties"]!["continuationToken"]!["type"]!.GetValue<string>()); // absent on the last page, never null
            Assert.DoesNotContain("continuationToken", Required(page));
            Assert.Equal(token["example"]!.GetValue<string>(), answer["example"]!["continuationToken"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Request_bodies_require_what_they_must_leave_the_rest_optional_and_take_enum_names()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        var requests = Operations(document).Select(o => o.Operation["requestBody"]?["content"]?["application/json"]?["schema"])
            .SelectMany(s => Referenced(document, s)).Distinct().ToList();
        Assert.Equal(ApiRequestShapes.Required.Keys.Order(), requests.Order());
        Assert.Null(schemas["StopVmBody"]!["required"]);
        Assert.Equal("lun", Assert.Single(Required(schemas["AttachDataDiskBody"]!)));
        Assert.Equal("instanceSize,name", string.Join(",", Required(schemas["DeployRequest"]!))); // imageName or imageFamily
        Assert.Equal("#/components/schemas/OsState", schemas["CaptureRequest"]!["properties"]!["osState"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/HostCaching", schemas["AttachDataDiskBody"]!["properties"]!["hostCaching"]!["$ref"]!.GetValue<string>());
        Assert.DoesNotContain("null", schemas["DeployRequest"]!["properties"]!.ToJsonString());
        // An OS image has no dataDiskConfigurations member at all: optional, never null.
        Assert.DoesNotContain("dataDiskConfigurations", Required(schemas["ImageView"]!));
        Assert.Equal("array", schemas["ImageView"]!["properties"]!["dataDiskConfigurations"]!["type"]!.GetValue<string>());
        var kind = document["paths"]!["/api/images"]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "kind")!;
        Assert.Equal("#/components/schemas/ImageKind", kind["schema"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Redocly_finds_neither_errors_nor_warnings_with_its_recommended_rules()
    {
        var file = await SaveDocumentAsync();

        var (exitCode, output, errors) = await OpenApiClientTools.NodeAsync(OpenApiClientTools.Folder, OpenApiClientTools.Redocly,
            "lint", file, "--format=json", "--config", Path.Combine(OpenApiClientTools.Folder, "redocly.yaml"));

        var report = JsonNode.Parse(output[output.IndexOf('{')..])!;
        var problems = report["problems"]!.AsArray().Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}");
        Assert.True(report["totals"]!["errors"]!.GetValue<int>() == 0 && report["totals"]!["warnings"]!.GetValue<int>() == 0,
            string.Join("\n", problems));
        Assert.True(exitCode == 0, errors);
    }

    [Fact]
    public async Task A_TypeScript_client_generated_with_openapi_typescript_reads_problem_codes_and_builds_a_deploy_request()
    {
        var file = await SaveDocumentAsync();
        var folder = Path.GetDirectoryName(file)!;
        foreach (var source in new[] { "client.ts", "tsconfig.json" })
            File.Copy(Path.Combine(OpenApiClientTools.Folder, source), Path.Combine(folder, source));

        var generated = await OpenApiClientTools.NodeAsync(folder, OpenApiClientTools.OpenApiTypeScript, file, "--output", "vmportal.d.ts");
        Assert.True(generated.ExitCode == 0, generated.Output + generated.Errors);
        var types = await File.ReadAllTextAsync(Path.Combine(folder, "vmportal.d.ts"));
        Assert.Contains("osState: components[\"schemas\"][\"OsState\"];", types);

        // Compiles the client: problem.code as a union of the codes, a deploy with only what it needs, and every
        // @ts-expect-error line ('Banana' as an OS state or an error code, a deploy without a size) refused.
        var compiled = await OpenApiClientTools.NodeAsync(folder, OpenApiClientTools.TypeScriptCompiler, "-p", folder);
        Assert.True(compiled.ExitCode == 0, compiled.Output + compiled.Errors);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var http = app.AnonymousClient();
        return JsonNode.Parse(await http.GetStringAsync(PortalOpenApi.DocumentPath))!;
    }

    private async Task<string> SaveDocumentAsync()
    {
        var folder = Directory.CreateTempSubdirectory("vmportal-openapi-").FullName;
        var file = Path.Combine(folder, "v1.json");
        using var http = app.AnonymousClient();
        await File.WriteAllTextAsync(file, await http.GetStringAsync(PortalOpenApi.DocumentPath));
        return file;
    }

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key, p.Key, o.Value!)));

    private static bool Problem(JsonNode operation, string status) =>
        operation["responses"]?[status]?["content"]?["application/problem+json"] is not null;

    private static IEnumerable<JsonNode> Examples(JsonNode operation) =>
        new[] { operation["requestBody"]?["content"] }
            .Concat(operation["responses"]!.AsObject().Select(r => r.Value?["content"]))
            .SelectMany(c => c?.AsObject().Select(m => m.Value?["example"]) ?? [])
            .Concat(operation["parameters"]?.AsArray().Select(p => p?["example"]) ?? [])
            .OfType<JsonNode>();

    private static List<string> Required(JsonNode schema) =>
        schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).Order().ToList() ?? [];

    /// <summary>The component schemas a schema refers to, itself included, through members, items and alternatives.</summary>
    private static IEnumerable<string> Referenced(JsonNode document, JsonNode? schema)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<JsonNode?>([schema]);
        while (pending.TryPop(out var next))
        {
            if (next is JsonObject node)
            {
                if (node["$ref"]?.GetValue<string>() is { } reference && seen.Add(reference.Split('/')[^1]))
                    pending.Push(document["components"]!["schemas"]![reference.Split('/')[^1]]);
                foreach (var (_, child) in node) pending.Push(child);
            }
            else if (next is JsonArray array) foreach (var child in array) pending.Push(child);
        }
        // Enums are named values, not bodies.
        return seen.Where(s => document["components"]!["schemas"]![s]!["properties"] is not null);
    }
}
