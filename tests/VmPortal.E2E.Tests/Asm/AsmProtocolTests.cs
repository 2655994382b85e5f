using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Web.Security;

namespace VmPortal.E2E.Tests.Asm;

/// <summary>
/// ASM.md §1 over raw HTTP, for what the classic client never sends: a request id and an XML <c>&lt;Error&gt;</c> on every
/// refusal, hostile or unsupported XML refused before anything runs, the OS-image deploy path, the audit vocabulary, and
/// no ASM route in the OpenAPI document.
/// </summary>
[Collection(typeof(ApiPortal))]
public sealed class AsmProtocolTests(PortalApp app)
{
    private const string Ns = "http://schemas.microsoft.com/windowsazure";
    private const string SourceService = "asm-hostile";
    private const string SourceVm = "web01";

    private readonly HttpClient _operator = app.CreateClient(PortalRoles.Operator);

    [Theory]
    [InlineData("services/vmimages", "none", "2017-01-01", HttpStatusCode.Unauthorized, "AuthenticationFailed", "Unauthenticated")]
    [InlineData("services/vmimages", "operator", null, HttpStatusCode.BadRequest, "MissingOrIncorrectVersionHeader", "ValidationFailed")]
    [InlineData("services/vmimages", "operator", "2012-03-01", HttpStatusCode.BadRequest, "MissingOrIncorrectVersionHeader", "ValidationFailed")]
    [InlineData("services/nothing-here", "operator", "2017-01-01", HttpStatusCode.NotFound, "ResourceNotFound", "NotFound")]
    [InlineData("operations/not-an-operation", "operator", "2017-01-01", HttpStatusCode.NotFound, "ResourceNotFound", "NotFound")]
    [InlineData("services/vmimages/Windows-Server-2012-R2-Datacenter/details", "reader", "2017-01-01", HttpStatusCode.NotFound, "ResourceNotFound", "NotFound")]
    [InlineData("services/hostedservices/asm-hostile/deployments/staging/roles/web01", "reader", "2017-01-01", HttpStatusCode.NotFound, "ResourceNotFound", "NotFound")]
    public async Task Every_refusal_is_an_xml_error_with_a_request_id(
        string path, string caller, string? version, HttpStatusCode status, string asmCode, string portalCode)
    {
        using var http = caller == "none" ? app.AnonymousClient() : app.CreateClient(caller == "reader" ? PortalRoles.Reader : PortalRoles.Operator);

        using var response = await http.SendAsync(HttpMethod.Get, AsmHttp.Path(path), version: version);

        await response.AssertAsmErrorAsync(status, asmCode, portalCode);
    }

    [Fact]
    public async Task Answers_outside_a_subscription_path_are_xml_too_never_the_portals_pages()
    {
        using var response = await _operator.SendAsync(HttpMethod.Get, "/asm");

        await response.AssertAsmErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound", "NotFound");
    }

    [Fact]
    public async Task A_read_answers_200_xml_with_a_request_id_and_a_reader_may_not_change_anything()
    {
        using var reader = app.CreateClient(PortalRoles.Reader);
        using var list = await reader.SendAsync(HttpMethod.Get, AsmHttp.Path("services/vmimages"));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("application/xml", list.Content.Headers.ContentType?.MediaType);
        list.RequestId();

        using var create = await reader.SendAsync(HttpMethod.Post, AsmHttp.Path("services/hostedservices"),
            $"""<CreateHostedService xmlns="{Ns}"><ServiceName>by-reader</ServiceName><Label>eA==</Label><Location>West US</Location></CreateHostedService>""");
        await create.AssertAsmErrorAsync(HttpStatusCode.Forbidden, "ForbiddenError", "Forbidden");
        await using var db = await app.DbAsync();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == "by-reader"));
    }

    [Theory]
    [InlineData("entity-expansion", "DTD")]
    [InlineData("external-entity", "DTD")]
    [InlineData("duplicate-element", "more than once")]
    [InlineData("oversized", "at most 65536 bytes")]
    [InlineData("deep-nesting", "deeper than 12 levels")]
    [InlineData("foreign-namespace", "urn:something-else")]
    [InlineData("not-xml", "not acceptable XML")]
    [InlineData("json", "Content-Type: application/xml")]
    [InlineData("no-body", "needs an XML body")]
    [InlineData("unknown-element", "Priority is not supported")]
    [InlineData("value-holding-elements", "holds elements where a value belongs")]
    [InlineData("operation-type-mismatch", "must agree")]
    [InlineData("unimplemented-operation", "root is <CaptureRoleOperation>")]
    public async Task Hostile_or_unsupported_xml_is_refused_with_400_before_anything_runs(string kind, string reason)
    {
        await EnsureSourceVmAsync();
        var operationsBefore = await OperationCountAsync();
        var (body, contentType) = HostileCapture(kind);

        using var response = await _operator.SendAsync(HttpMethod.Post,
            AsmHttp.Path($"services/hostedservices/{SourceService}/deployments/{SourceService}/roleinstances/{SourceVm}/Operations"), body, contentType);

        Assert.Contains(reason, await response.AssertAsmErrorAsync(HttpStatusCode.BadRequest, "BadRequest", "ValidationFailed"));
        Assert.Equal(operationsBefore, await OperationCountAsync());
        await using var db = await app.DbAsync();
        Assert.False(await db.Images.AnyAsync(i => i.Name.StartsWith("hostile")));
        Assert.Equal(VmStatus.ReadyRole, (await db.VirtualMachines.SingleAsync(v => v.Name == SourceVm && v.CloudService!.Name == SourceService)).Status);
    }

    [Fact]
    public async Task The_same_capture_body_unharmed_is_read_and_goes_on_to_the_lookup()
    {
        await EnsureSourceVmAsync();

        using var response = await _operator.SendAsync(HttpMethod.Post,
            AsmHttp.Path($"services/hostedservices/{SourceService}/deployments/not-{SourceService}/roleinstances/{SourceVm}/Operations"),
            Capture("hostile-never"));

        // Past the reader: the deployment name is what is wrong now.
        var message = await response.AssertAsmErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound", "NotFound");
        Assert.Contains("named like the service", message);
    }

    [Theory]
    [InlineData("staging-slot", "Production slot")]
    [InlineData("two-roles", "holds 2 roles")]
    [InlineData("other-deployment-name", "named like the service")]
    [InlineData("ssh-keys", "fingerprint")]
    [InlineData("custom-data", "custom data")]
    [InlineData("domain-join", "joining a domain")]
    [InlineData("data-disks", "the image's data disks")]
    [InlineData("availability-set", "AvailabilitySetName is not supported")]
    [InlineData("both-images", "both VMImageName and OSVirtualHardDisk")]
    [InlineData("second-provisioning-set", "more than one provisioning set")]
    public async Task A_deployment_asking_for_what_the_portal_cannot_do_is_refused_whole(string kind, string reason)
    {
        var service = await CreateEmptyServiceAsync();
        var operationsBefore = await OperationCountAsync();

        using var response = await _operator.SendAsync(HttpMethod.Post, AsmHttp.Path($"services/hostedservices/{service}/deployments"),
            UnsupportedDeployment(kind, service));

        Assert.Contains(reason, await response.AssertAsmErrorAsync(HttpStatusCode.BadRequest, "BadRequest", "ValidationFailed"));
        Assert.Equal(operationsBefore, await OperationCountAsync());
        await using var db = await app.DbAsync();
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.CloudService!.Name == service));
    }

    [Fact]
    public async Task A_media_location_outside_the_portals_storage_is_404()
    {
        var service = await CreateEmptyServiceAsync();

        using var response = await _operator.SendAsync(HttpMethod.Post, AsmHttp.Path($"services/hostedservices/{service}/deployments"),
            Deployment(service, mediaLocation: "http://127.0.0.1:1/elsewhere/vhds/"));

        await response.AssertAsmErrorAsync(HttpStatusCode.NotFound, "ResourceNotFound", "NotFound");
    }

    [Fact]
    public async Task A_VM_deploys_from_an_OS_image_into_the_storage_account_its_media_location_names()
    {
        var service = await CreateEmptyServiceAsync();
        using var admin = app.AdminClient();
        var account = (await admin.GetJsonAsync("/api/storage-accounts")).GetProperty("items").EnumerateArray()
            .First(a => a.S("location") == "West US");
        var mediaLocation = $"{account.S("blobEndpoint").TrimEnd('/')}/vhds/";

        using var response = await _operator.SendAsync(HttpMethod.Post, AsmHttp.Path($"services/hostedservices/{service}/deployments"),
            Deployment(service, mediaLocation: mediaLocation));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var operation = await OperationPolling.UntilFinishedAsync(admin, response.RequestId().ToString());
        Assert.Equal("Succeeded", operation.S("status"));
        await using var db = await app.DbAsync();
        var vm = await db.VirtualMachines.Include(v => v.Disks).SingleAsync(v => v.CloudService!.Name == service);
        Assert.Equal(("asmos1", "Windows-Server-2012-R2-Datacenter"), (vm.Name, vm.SourceImageName));
        Assert.StartsWith(mediaLocation, vm.Disks.Single().MediaLink);
    }

    [Fact]
    public void Every_changing_asm_route_is_audited_under_an_action_of_the_vocabulary()
    {
        var changing = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/asm/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD")) == true)
            .ToList();
        Assert.Equal(5, changing.Count);
        var unnamed = changing.Where(e => e.Metadata.GetMetadata<AuditedAs>()?.Action is not { } action || !AuditActions.All.Contains(action))
            .Select(e => e.RoutePattern.RawText).ToList();
        // The role-operations route serves capture, shutdown, start and restart; its handler names the one the body asks for.
        Assert.Equal(["/asm/{subscriptionId}/services/hostedservices/{service}/deployments/{deployment}/roleinstances/{vm}/Operations"], unnamed);
    }

    [Fact]
    public async Task The_openapi_document_lists_no_asm_route()
    {
        using var admin = app.AdminClient();
        var document = await admin.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(paths, p => p.StartsWith("/api/"));
        Assert.DoesNotContain(paths, p => p.StartsWith("/asm", StringComparison.OrdinalIgnoreCase));
    }

    private static string Capture(string imageName, string extra = "") =>
        $"""<?xml version="1.0" encoding="utf-8" standalone="yes"?><CaptureRoleAsVMImageOperation xmlns="{Ns}"><OperationType>CaptureRoleAsVMImageOperation</OperationType><OSState>Specialized</OSState><VMImageName>{imageName}</VMImageName><VMImageLabel>Hostile</VMImageLabel>{extra}</CaptureRoleAsVMImageOperation>""";

    private static (string? Body, string ContentType) HostileCapture(string kind)
    {
        const string xml = "application/xml";
        var laughs = string.Concat(Enumerable.Range(1, 9).Select(i => $"""<!ENTITY lol{i} "{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}">"""));
        return kind switch
        {
            "entity-expansion" => ($"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY lol0 "lol">{laughs}]>""" + Capture("hostile-&lol9;").Split("?>", 2)[1], xml),
            "external-entity" => ("""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>""" + Capture("hostile-&xxe;").Split("?>", 2)[1], xml),
            "duplicate-element" => (Capture("hostile-one", "<VMImageName>hostile-two</VMImageName>"), xml),
            "oversized" => (Capture("hostile-big", $"<Description>{new string('x', 70_000)}</Description>"), xml),
            "deep-nesting" => (Capture("hostile-deep", string.Concat(Enumerable.Repeat("<a>", 20)) + string.Concat(Enumerable.Repeat("</a>", 20))), xml),
            "foreign-namespace" => (Capture("hostile-ns").Replace(Ns, "urn:something-else"), xml),
            "not-xml" => ("capture web01 as hostile-text, please", xml),
            "json" => ("""{"osState":"Specialized","imageName":"hostile-json"}""", "application/json"),
            "no-body" => (null, xml),
            "unknown-element" => (Capture("hostile-unknown", "<Priority>high</Priority>"), xml),
            "value-holding-elements" => (Capture("hostile-x").Replace("<OSState>Specialized</OSState>", "<OSState><Value>Specialized</Value></OSState>"), xml),
            "operation-type-mismatch" => (Capture("hostile-type").Replace("<OperationType>CaptureRoleAsVMImageOperation", "<OperationType>ShutdownRoleOperation"), xml),
            "unimplemented-operation" => ($"""<CaptureRoleOperation xmlns="{Ns}"><OperationType>CaptureRoleOperation</OperationType><PostCaptureAction>Delete</PostCaptureAction><TargetImageName>hostile-os</TargetImageName></CaptureRoleOperation>""", xml),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>A deployment of one Windows VM from the public OS image, as the classic client spells one.</summary>
    private static string Deployment(string service, string role = "", string provisioning = "", string deploymentExtra = "",
        string roleExtra = "", string? mediaLocation = null, string slot = "Production", string? name = null) =>
        $"""<?xml version="1.0" encoding="utf-8" standalone="yes"?><Deployment xmlns="{Ns}"><Name>{name ?? service}</Name><DeploymentSlot>{slot}</DeploymentSlot><Label>{service}</Label><RoleList>{(role.Length > 0 ? role : Role(provisioning, roleExtra, mediaLocation))}</RoleList>{deploymentExtra}</Deployment>""";

    private static string Role(string provisioning = "", string roleExtra = "", string? mediaLocation = null) =>
        $"""<Role><RoleName>asmos1</RoleName><RoleType>PersistentVMRole</RoleType><ConfigurationSets>{(provisioning.Length > 0 ? provisioning : WindowsProvisioning())}<ConfigurationSet><ConfigurationSetType>NetworkConfiguration</ConfigurationSetType><InputEndpoints><InputEndpoint><LocalPort>3389</LocalPort><Name>RemoteDesktop</Name><Port>3389</Port><Protocol>tcp</Protocol></InputEndpoint></InputEndpoints></ConfigurationSet></ConfigurationSets><OSVirtualHardDisk><SourceImageName>Windows-Server-2012-R2-Datacenter</SourceImageName>{(mediaLocation is null ? "" : $"<MediaLink>{mediaLocation}asmos1.vhd</MediaLink>")}</OSVirtualHardDisk><RoleSize>Small</RoleSize>{roleExtra}</Role>""";

    private static string WindowsProvisioning(string extra = "") =>
        $"""<ConfigurationSet><ConfigurationSetType>WindowsProvisioningConfiguration</ConfigurationSetType><ComputerName>asmos1</ComputerName><AdminPassword>Portal-Deploy-Pa55!</AdminPassword><EnableAutomaticUpdates>true</EnableAutomaticUpdates><AdminUsername>opsadmin</AdminUsername>{extra}</ConfigurationSet>""";

    private static string UnsupportedDeployment(string kind, string service) => kind switch
    {
        "staging-slot" => Deployment(service, slot: "Staging"),
        "two-roles" => Deployment(service, role: Role() + Role()),
        "other-deployment-name" => Deployment(service, name: "another-deployment"),
        "ssh-keys" => Deployment(service, provisioning:
            "<ConfigurationSet><ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType><HostName>asmos1</HostName><UserName>ops</UserName>" +
            "<SSH><PublicKeys><PublicKey><Fingerprint>0123456789ABCDEF</Fingerprint><Path>/home/ops/.ssh/authorized_keys</Path></PublicKey></PublicKeys></SSH></ConfigurationSet>"),
        "custom-data" => Deployment(service, provisioning: WindowsProvisioning("<CustomData>ZWNobyBoaQ==</CustomData>")),
        "domain-join" => Deployment(service, provisioning: WindowsProvisioning("<DomainJoin><JoinDomain>corp.example</JoinDomain></DomainJoin>")),
        "data-disks" => Deployment(service, roleExtra: "<DataVirtualHardDisks><DataVirtualHardDisk><Lun>0</Lun><LogicalDiskSizeInGB>10</LogicalDiskSizeInGB></DataVirtualHardDisk></DataVirtualHardDisks>"),
        "availability-set" => Deployment(service, roleExtra: "<AvailabilitySetName>web-set</AvailabilitySetName>"),
        "both-images" => Deployment(service, roleExtra: "<VMImageName>some-vm-image</VMImageName>"),
        "second-provisioning-set" => Deployment(service, provisioning: WindowsProvisioning() + WindowsProvisioning()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private async Task EnsureSourceVmAsync()
    {
        await using (var db = await app.DbAsync())
            if (await db.VirtualMachines.AnyAsync(v => v.Name == SourceVm && v.CloudService!.Name == SourceService)) return;
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(SourceService, "West US", SourceVm,
            "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole, "opsadmin", [new DemoData.DemoDisk(0, 10, HostCaching.None)]));
    }

    private async Task<string> CreateEmptyServiceAsync()
    {
        var name = ApiClient.UniqueName("asmdep");
        using var admin = app.AdminClient();
        using var created = await admin.PostJsonAsync("/api/cloud-services", new { name, location = "West US" });
        await created.JsonAsync(HttpStatusCode.Created);
        return name;
    }

    private async Task<int> OperationCountAsync()
    {
        await using var db = await app.DbAsync();
        return await db.Operations.CountAsync();
    }
}
