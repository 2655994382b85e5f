using VmPortal.Core.CloudServices;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.CloudServices;

/// <summary>A cloud service's refusals are in the reader's language; their codes are not.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class CloudServiceRefusalTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Fact]
    public async Task A_Chinese_reader_is_refused_in_Chinese_and_the_code_stays()
    {
        var vm = await AddVmAsync("zh1");
        using var _ = InCulture.Chinese();
        var services = Get<CloudServiceService>();

        var notEmpty = await services.DeleteAsync(vm.CloudService!.Name, "tests");
        var longLabel = await services.CreateAsync(new CreateCloudServiceRequest("zh-svc", "West US", new string('x', 101)), "tests");

        Assert.Equal(ErrorCodes.NameConflict, notEmpty.Error?.Code);
        Assert.Contains("仍有 1 台虚拟机", notEmpty.Error!.Message);
        Assert.Equal(ErrorCodes.ValidationFailed, longLabel.Error?.Code);
        Assert.Contains("显示名称", longLabel.Error!.Message);
    }
}
