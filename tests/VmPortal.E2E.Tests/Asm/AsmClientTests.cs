using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Asm;

/// <summary>
/// ASM.md end to end: the unmodified npm client <c>azure-asm-compute@0.18.0</c> (tests/asm-client/flow.js, run by Node)
/// against the real portal on Kestrel, with the portal's own tokens. The script sets the client's
/// <c>longRunningOperationInitialTimeout</c> to 0 and <c>longRunningOperationRetryTimeout</c> to 0.2 s, so its
/// long-running wrappers poll <c>/operations/{id}</c> at once and then five times a second instead of every 30 s; the
/// portal's simulated hypervisor runs at <c>Fabric:Speed</c> 1000, as in every E2E test.
/// </summary>
[Collection(typeof(ApiPortal))]
public sealed class AsmClientTests(PortalApp app, ITestOutputHelper output)
{
    private const string Service = "asm-src";
    private const string RunningVm = "web01";
    private const string GeneralizedVm = "web02";
    private const string SpecializedImage = "web01-snapshot";
    private const string GeneralizedImage = "web-tier-gen";
    private const string NewService = "asm-web";
    private const string NewVm = "asmweb1";
    private const string Password = "adminPassword123";

    [Fact]
    public async Task The_classic_client_captures_updates_deploys_and_deletes_VM_images_against_the_portal()
    {
        await AddSourceVmsAsync();
        var firstEntry = await NextAuditEntryIdAsync();

        var results = await AsmClientScript.RunAsync("flow.js", new
        {
            baseUri = new Uri(app.BaseAddress, "asm").ToString(),
            subscriptionId = "00000000-0000-0000-0000-000000000000",
            operatorToken = await TokenAsync(PortalRoles.Operator),
            readerToken = await TokenAsync(PortalRoles.Reader),
            source = new { service = Service, runningVm = RunningVm, generalizedVm = GeneralizedVm },
            images = new { specialized = SpecializedImage, generalized = GeneralizedImage },
            newService = NewService,
            newVm = NewVm,
            location = "West US",
            password = Password,
        });
        output.WriteLine(results.ToString());

        AssertCaptures(results);
        AssertImageReadsAndUpdate(results);
        AssertDeploy(results);
        AssertRefusals(results);
        await AssertCatalogueAsync(results);
        await AssertAuditAsync(firstEntry);
    }

    private static void AssertCaptures(JsonElement results)
    {
        Assert.DoesNotContain(GeneralizedImage, Names(results.Step("listBefore")));
        Assert.DoesNotContain("Windows-Server-2012-R2-Datacenter", Names(results.Step("listBefore"))); // OS images are not VM images
        foreach (var step in new[] { "captureSpecialized", "restart", "shutdownDeallocated", "start", "shutdown", "captureGeneralized" })
            Assert.Equal(("Succeeded", "200"), (results.Step(step).S("status"), results.Step(step).S("httpStatusCode")));
        // A generalized capture of a running VM is refused at once, with the portal's code first in the message.
        results.Refusal("captureRunningAsGeneralized", 409, "ConflictError", "VmNotStopped");
    }

    private static void AssertImageReadsAndUpdate(JsonElement results)
    {
        var list = results.Step("list").EnumerateArray().ToDictionary(i => i.S("name"));
        var specialized = list[SpecializedImage];
        Assert.Equal(("Specialized", "Windows", "User", "Before the upgrade"),
            (specialized.S("osState"), specialized.S("os"), specialized.S("category"), specialized.S("label")));
        Assert.Equal((Service, Service, RunningVm, "West US"),
            (specialized.S("serviceName"), specialized.S("deploymentName"), specialized.S("roleName"), specialized.S("location")));
        var generalized = list[GeneralizedImage];
        Assert.Equal(("Generalized", GeneralizedVm), (generalized.S("osState"), generalized.S("roleName")));
        Assert.Equal([0, 1], generalized.GetProperty("dataDisks").EnumerateArray().Select(d => d.GetProperty("lun").GetInt32()));
        Assert.Equal([10, 20], generalized.GetProperty("dataDisks").EnumerateArray().Select(d => d.GetProperty("sizeInGb").GetInt32()));

        var details = results.Step("details");
        Assert.Equal((GeneralizedImage, "Web tier", true), (details.S("name"), details.S("label"), details.GetProperty("showInGui").GetBoolean()));

        Assert.Equal(200, results.Step("update").GetInt32());
        var updated = results.Step("detailsAfterUpdate");
        Assert.Equal(("Web tier, generalized", "Captured and updated over ASM", "web-tier", "ReadOnly", false),
            (updated.S("label"), updated.S("description"), updated.S("imageFamily"), updated.S("osHostCaching"), updated.GetProperty("showInGui").GetBoolean()));
        Assert.Equal(["ReadWrite", "ReadOnly"], updated.GetProperty("dataDisks").EnumerateArray().Select(d => d.S("hostCaching")));
    }

    private static void AssertDeploy(JsonElement results)
    {
        Assert.Equal(201, results.Step("createService").GetInt32());
        var deploy = results.Step("deploy");
        Assert.Equal(202, deploy.GetProperty("statusCode").GetInt32());
        var operation = results.Step("deployOperation");
        // The request id of a 202 is the operation's id, and following it ends in success.
        Assert.Equal((deploy.S("requestId"), "Succeeded", "200"), (operation.S("id"), operation.S("status"), operation.S("httpStatusCode")));

        var role = results.Step("role");
        Assert.Equal((NewVm, "PersistentVMRole", "Medium", "Windows", GeneralizedImage),
            (role.S("roleName"), role.S("roleType"), role.S("roleSize"), role.S("os"), role.S("sourceImageName")));
        Assert.Equal(2, role.GetProperty("dataDisks").GetArrayLength());
        var endpoint = Assert.Single(role.GetProperty("endpoints").EnumerateArray());
        Assert.Equal(("RemoteDesktop", 53389, 3389, "tcp"),
            (endpoint.S("name"), endpoint.GetProperty("port").GetInt32(), endpoint.GetProperty("localPort").GetInt32(), endpoint.S("protocol")));
        Assert.False(role.GetProperty("showsPassword").GetBoolean());

        // The service has its one deployment now; another is a conflict, not a second VM.
        results.Refusal("secondDeployment", 409, "ConflictError", "NameConflict");

        Assert.Equal("Succeeded", results.Step("deleteSpecialized").S("status"));
        Assert.DoesNotContain(SpecializedImage, Names(results.Step("listAfter")));
        Assert.Contains(GeneralizedImage, Names(results.Step("listAfter")));
    }

    private static void AssertRefusals(JsonElement results)
    {
        results.Refusal("readerUpdate", 403, "ForbiddenError", "Forbidden");
        Assert.Contains(GeneralizedImage, Names(results.Step("readerList"))); // a Reader still reads
        results.Refusal("unknownImage", 404, "ResourceNotFound", "NotFound");
        results.Refusal("missingVersion", 400, "MissingOrIncorrectVersionHeader", "ValidationFailed");
        results.Refusal("unknownToken", 401, "AuthenticationFailed", "Unauthenticated");
    }

    private async Task AssertCatalogueAsync(JsonElement results)
    {
        await using var db = await app.DbAsync();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == GeneralizedImage);
        Assert.Equal((ImageKind.VMImage, OsState.Generalized, "Web tier, generalized", "web-tier", false),
            (image.Kind, image.OsState, image.Label, image.ImageFamily, image.ShowInGallery));
        Assert.Equal([HostCaching.ReadOnly, HostCaching.ReadWrite, HostCaching.ReadOnly],
            image.Disks.OrderBy(d => d.Lun ?? -1).Select(d => d.HostCaching));
        Assert.False(await db.Images.AnyAsync(i => i.Name == SpecializedImage));
        // comp=media: the deleted image's blobs went with it.
        var accounts = app.Services.GetRequiredService<BlobAccounts>();
        var specialized = results.Step("list").EnumerateArray().Single(i => i.S("name") == SpecializedImage);
        foreach (var link in specialized.GetProperty("dataDisks").EnumerateArray().Select(d => d.S("mediaLink")).Append(specialized.S("osMediaLink")))
        {
            Assert.True(accounts.TryGetByBlobUri(new Uri(link), out var account), link);
            Assert.False(await account.Vhds.GetBlobClient(new Uri(link).Segments[^1]).ExistsAsync(), $"{link} should have been deleted");
        }

        // The portal is shared with other classes, whose services hold VMs of the same names.
        var vms = await db.VirtualMachines.Include(v => v.CloudService).ToListAsync();
        Assert.DoesNotContain(vms, v => v.Name == GeneralizedVm && v.CloudService!.Name == Service); // a generalized capture deletes its VM
        Assert.Equal(VmStatus.StoppedVM, vms.Single(v => v.Name == RunningVm && v.CloudService!.Name == Service).Status);
        var deployed = vms.Single(v => v.Name == NewVm);
        Assert.Equal((NewService, GeneralizedImage, "Medium"), (deployed.CloudService!.Name, deployed.SourceImageName, deployed.InstanceSize));
        Assert.Contains(deployed.Status, new[] { VmStatus.RoleStateUnknown, VmStatus.ReadyRole });
        var service = await db.CloudServices.SingleAsync(c => c.Name == NewService);
        Assert.Equal(("West US", "Web tier from ASM", "Made by the classic client"), (service.Location, service.Label, service.Description)); // the label arrived base64
    }

    /// <summary>
    /// Every changing call audited under the action its REST route has, with the XML body's secrets taken out: accepted
    /// ones by the service in the change's transaction, refusals by the endpoint.
    /// </summary>
    private async Task AssertAuditAsync(int firstEntry)
    {
        await using var db = await app.DbAsync();
        var asm = await db.AuditEntries.AsNoTracking().Where(e => e.Id >= firstEntry && e.Action != AuditActions.IssueToken).ToListAsync();
        var operatorName = PortalApp.Credentials(PortalRoles.Operator).UserName;
        var readerName = PortalApp.Credentials(PortalRoles.Reader).UserName;
        Assert.Contains(asm, e => e is { Action: AuditActions.CreateCloudService, Outcome: AuditOutcome.Accepted, Code: null }
                                  && e.UserName == operatorName && e.Detail!.Contains($"<ServiceName>{NewService}</ServiceName>"));
        Assert.Contains(asm, e => e is { Action: AuditActions.UpdateImage, Outcome: AuditOutcome.Refused, Code: "Forbidden" } && e.UserName == readerName);
        Assert.Contains(asm, e => e is { Action: AuditActions.UpdateImage, Outcome: AuditOutcome.Accepted, Code: null } && e.UserName == operatorName);
        Assert.Contains(asm, e => e is { Action: AuditActions.CaptureVmImage, Outcome: AuditOutcome.Refused, Code: "VmNotStopped" });
        Assert.Equal(2, asm.Count(e => e is { Action: AuditActions.CaptureVmImage, Outcome: AuditOutcome.Accepted, Code: null }));
        foreach (var power in new[] { AuditActions.RestartVm, AuditActions.StartVm })
            Assert.Single(asm, e => e.Action == power && e.Outcome == AuditOutcome.Accepted);
        Assert.Equal(2, asm.Count(e => e is { Action: AuditActions.StopVm, Outcome: AuditOutcome.Accepted }));
        // The classic delete frees the name at once: a purge, not the recycle bin.
        Assert.Single(asm, e => e is { Action: AuditActions.PurgeImage, Outcome: AuditOutcome.Accepted, Code: null });
        // The request accepted, its operation's end (recorded when the deploy finished, before the second request), the refusal.
        var deploys = asm.Where(e => e.Action == AuditActions.DeployVm).ToList();
        Assert.Equal([AuditOutcome.Accepted, AuditOutcome.Succeeded, AuditOutcome.Refused], deploys.OrderBy(e => e.Id).Select(e => e.Outcome));
        Assert.All(deploys.Where(e => e.Outcome != AuditOutcome.Succeeded), e => Assert.Contains("<AdminPassword>***</AdminPassword>", e.Detail));
        Assert.DoesNotContain(asm, e => e.Detail?.Contains(Password) == true);
        Assert.DoesNotContain(asm, e => e.Resource!.EndsWith("/services/vmimages") || e.Resource.Contains("/operations/")); // reads are not audited
    }

    private async Task<int> NextAuditEntryIdAsync()
    {
        await using var db = await app.DbAsync();
        return (await db.AuditEntries.MaxAsync(e => (int?)e.Id) ?? 0) + 1;
    }

    /// <summary>A Windows VM with two data disks left running, and one generalized (Sysprep) and stopped, in one cloud service.</summary>
    private async Task AddSourceVmsAsync()
    {
        var seeder = app.Services.GetRequiredService<DemoDataSeeder>();
        foreach (var name in new[] { RunningVm, GeneralizedVm })
            await seeder.AddAsync(new DemoData.DemoVm(Service, "West US", name, "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole,
                "opsadmin", [new DemoData.DemoDisk(0, 10, HostCaching.ReadOnly), new DemoData.DemoDisk(1, 20, HostCaching.None)]));
        var generalize = await app.Services.GetRequiredService<VmService>().GeneralizeAsync(Service, GeneralizedVm, "test");
        Assert.True(generalize.Succeeded, generalize.Error?.Message);
        using var http = app.AdminClient();
        var done = await OperationPolling.UntilFinishedAsync(http, generalize.Value!.Id.ToString());
        Assert.Equal("Succeeded", done.S("status"));
        await using var db = await app.DbAsync();
        Assert.Equal(VmStatus.StoppedVM, (await db.VirtualMachines.SingleAsync(v => v.Name == GeneralizedVm && v.CloudService!.Name == Service)).Status);
    }

    private Task<string> TokenAsync(string role) => app.TokenAsync(PortalApp.Credentials(role).UserName, PortalApp.Password);

    private static List<string> Names(JsonElement names) => names.EnumerateArray().Select(n => n.GetString()!).ToList();
}
