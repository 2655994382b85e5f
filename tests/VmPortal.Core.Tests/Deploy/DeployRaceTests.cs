using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Deploy;

/// <summary>
/// Two deploys of the same new names both pass the checks; the database's unique names let one win. The other is told
/// <c>NameConflict</c> (it used to be a 500) and creates nothing: no VM, no operation.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DeployRaceTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private static readonly ProvisioningData Provisioning = new("race", "opsadmin", "Race-Pa55word!");
    private readonly RivalRequest _rival = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(_rival);

    [Fact]
    public async Task A_deploy_that_loses_the_race_for_a_new_cloud_service_is_NameConflict_and_creates_nothing()
    {
        const string service = "race-svc";
        // Between this deploy's checks and its write, another request creates the same cloud service.
        _rival.Arm(() =>
        {
            using var rival = OfflineDb();
            rival.CloudServices.Add(new CloudService { Name = service, Location = "West US", CreatedTime = DateTimeOffset.UtcNow });
            rival.SaveChanges();
        });

        var result = await Get<DeployService>().DeployAsync(service, new DeployRequest("v1", "Ubuntu-Server-14.04-LTS", "Small", "West US", Provisioning: Provisioning), "tests");

        Assert.True(_rival.Ran, "the rival never ran: the test proves nothing");
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.NameConflict, result.Error.Code);
        Assert.Equal("serviceName", result.Error.Field);
        await using var db = Db();
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.CloudService!.Name == service));
        Assert.False(await db.Operations.AnyAsync(o => o.Kind == OperationKinds.DeployVm && o.Target.Contains(service)));
    }

    [Fact]
    public async Task A_deploy_that_loses_the_race_for_a_VM_name_is_NameConflict_naming_it()
    {
        const string service = "race-vms";
        await using (var db = Db())
        {
            db.CloudServices.Add(new CloudService { Name = service, Location = "West US", CreatedTime = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        _rival.Arm(() =>
        {
            using var rival = OfflineDb();
            var cloud = rival.CloudServices.Single(c => c.Name == service);
            cloud.VirtualMachines.Add(new VirtualMachine
            {
                Name = "v1", InstanceSize = "Small", Os = OsType.Linux, Status = VmStatus.StoppedVM, PowerState = PowerState.Stopped, CreatedTime = DateTimeOffset.UtcNow,
            });
            rival.SaveChanges();
        });

        var result = await Get<DeployService>().DeployAsync(service, new DeployRequest("v1", "Ubuntu-Server-14.04-LTS", "Small", Provisioning: Provisioning), "tests");

        Assert.True(_rival.Ran, "the rival never ran: the test proves nothing");
        Assert.False(result.Succeeded);
        Assert.Equal(ErrorCodes.NameConflict, result.Error.Code);
        Assert.Contains("'v1'", result.Error.Message);
        await using var after = Db();
        Assert.False(await after.Operations.AnyAsync(o => o.Kind == OperationKinds.DeployVm && o.Target.Contains(service)));
    }
}
