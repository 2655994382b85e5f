using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

/// <summary><c>POST /api/cloud-services/{service}/vms</c> and <c>GET /api/vms</c> over HTTP, with the seed's own example.</summary>
[Collection(typeof(ApiPortal))]
public sealed class DeployApiTests(PortalApp app)
{
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task The_seeds_deploy_creates_the_cloud_service_and_a_ready_VM()
    {
        var service = ApiClient.UniqueName("mysvc");

        // New-AzureQuickVM -Windows -Location "West US" -ServiceName … -Name "myVM1" -InstanceSize "Medium" -AdminUsername "admin" -Password "adminPassword123" -WaitForBoot
        using var response = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms", new
        {
            name = "myVM1", imageName = "Windows-Server-2012-R2-Datacenter", instanceSize = "Medium", location = "West US", waitForBoot = true,
            provisioning = new { computerName = "myVM1", adminUserName = "admin", adminPassword = "adminPassword123" },
        });

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("DeployVM", operation.S("kind"));
        var done = await OperationPolling.UntilFinishedAsync(_http, operation.S("id"));
        Assert.Equal("Succeeded", done.S("status"));
        var vm = await _http.GetJsonAsync($"/api/cloud-services/{service}/vms/myVM1");
        Assert.Equal(("ReadyRole", true, "West US", "Windows-Server-2012-R2-Datacenter"),
            (vm.S("status"), vm.GetProperty("guestReady").GetBoolean(), vm.S("location"), vm.S("sourceImageName")));
        Assert.Equal("admin", vm.GetProperty("guest").S("adminUserName"));
        Assert.Equal(3389, vm.GetProperty("endpoints")[0].GetProperty("publicPort").GetInt32());
        Assert.Contains(service, await _http.NamesAsync("/api/cloud-services"));
        var listed = await _http.GetJsonAsync($"/api/vms?service={service}");
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal("myVM1", listed.GetProperty("items")[0].S("name"));
    }

    [Fact]
    public async Task A_location_other_than_the_cloud_services_is_a_mismatch_naming_both()
    {
        var service = ApiClient.UniqueName("east");
        using (var created = await _http.PostJsonAsync("/api/cloud-services", new { name = service, location = "East US" }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var response = await _http.PostRawAsync($"/api/cloud-services/{service}/vms",
            """{"name":"v1","imageName":"CentOS-6.5","instanceSize":"Small","location":"West US","provisioning":{"computerName":"v1","adminUserName":"opsadmin","adminPassword":"Passw0rd!"}}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "LocationMismatch");
        Assert.Contains("East US", problem.S("detail"));
        Assert.Contains("West US", problem.S("detail"));
    }

    [Fact]
    public async Task A_specialized_image_refuses_provisioning_and_a_second_clone_in_one_network_needs_acknowledgement()
    {
        var network = ApiClient.UniqueName("net");
        using (var created = await _http.PostJsonAsync("/api/virtual-networks", new
        {
            name = network, location = "West US", addressSpace = "10.9.0.0/16", subnets = new[] { new { name = "app", addressPrefix = "10.9.1.0/24" } },
        }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = ApiClient.UniqueName("golden");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            source, "West US", "golden", "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole, "admin", []));
        var image = ApiClient.UniqueName("snap");
        using (var capture = await _http.PostJsonAsync($"/api/cloud-services/{source}/vms/golden/capture", new { osState = "Specialized", imageName = image }))
            Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, (await capture.JsonAsync(HttpStatusCode.Accepted)).S("id"))).S("status"));
        object Deploy(string name, bool acknowledge = false) => new
        {
            name, imageName = image, instanceSize = "Medium", location = "West US",
            network = new { virtualNetwork = network, subnet = "app" }, acknowledgeSpecializedClone = acknowledge,
        };

        using var withProvisioning = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("c")}/vms", new
        {
            name = "c0", imageName = image, instanceSize = "Medium", location = "West US",
            provisioning = new { computerName = "c0", adminUserName = "admin", adminPassword = "adminPassword123" },
        });
        using var first = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("c")}/vms", Deploy("c1"));
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, (await first.JsonAsync(HttpStatusCode.Accepted)).S("id"))).S("status"));
        var secondService = ApiClient.UniqueName("c");
        using var second = await _http.PostJsonAsync($"/api/cloud-services/{secondService}/vms", Deploy("c2"));
        using var acknowledged = await _http.PostJsonAsync($"/api/cloud-services/{secondService}/vms", Deploy("c2", acknowledge: true));

        await withProvisioning.AssertProblemAsync(HttpStatusCode.BadRequest, "ProvisioningNotAllowedForSpecializedImage", "provisioning");
        var clone = await second.AssertProblemAsync(HttpStatusCode.Conflict, "SpecializedCloneAcknowledgementRequired", "acknowledgeSpecializedClone");
        Assert.Contains(network, clone.S("detail"));
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, (await acknowledged.JsonAsync(HttpStatusCode.Accepted)).S("id"))).S("status"));
        var c2 = await _http.GetJsonAsync($"/api/cloud-services/{secondService}/vms/c2");
        Assert.True(c2.GetProperty("sharesMachineId").GetBoolean());
    }

    public static TheoryData<string, string, HttpStatusCode, string> Refusals => new()
    {
        { "no provisioning", """{"name":"v1","imageName":"CentOS-6.5","instanceSize":"Small","location":"West US"}""", HttpStatusCode.BadRequest, "ProvisioningRequired" },
        { "weak password", """{"name":"v1","imageName":"Windows-Server-2008-R2-SP1","instanceSize":"Small","location":"West US","provisioning":{"computerName":"v1","adminUserName":"opsadmin","adminPassword":"short"}}""", HttpStatusCode.BadRequest, "WeakPassword" },
        { "bad ssh key", """{"name":"v1","imageName":"CentOS-6.5","instanceSize":"Small","location":"West US","provisioning":{"computerName":"v1","adminUserName":"opsadmin","sshPublicKey":"hello"}}""", HttpStatusCode.BadRequest, "InvalidSshKey" },
        { "unknown image", """{"name":"v1","imageName":"nope","instanceSize":"Small","location":"West US"}""", HttpStatusCode.NotFound, "NotFound" },
        { "bad cloud service name", """{"name":"v1","imageName":"CentOS-6.5","instanceSize":"Small","location":"West US"}""", HttpStatusCode.BadRequest, "InvalidName" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_deploy_is_problem_details_and_creates_nothing(string why, string body, HttpStatusCode status, string code)
    {
        var service = why == "bad cloud service name" ? "Bad_Name" : ApiClient.UniqueName("refused");

        using var response = await _http.PostRawAsync($"/api/cloud-services/{service}/vms", body);

        await response.AssertProblemAsync(status, code);
        Assert.DoesNotContain(service, await _http.NamesAsync("/api/cloud-services"));
        await using var db = await app.DbAsync();
        Assert.False(await db.Operations.AnyAsync(o => o.Target.Contains(service)));
    }
}
