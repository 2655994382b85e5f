using VmPortal.Core.Networks;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Networks;

/// <summary>A virtual network's refusals are in the reader's language; their codes are not.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class VirtualNetworkRefusalTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Fact]
    public async Task A_Chinese_reader_is_refused_in_Chinese_and_the_code_stays()
    {
        using var _ = InCulture.Chinese();
        var networks = Get<VirtualNetworkService>();

        var overlapping = await networks.CreateAsync(new CreateVirtualNetworkRequest("zh-net", "West US", "10.0.0.0/16",
            [new SubnetRequest("a", "10.0.1.0/24"), new SubnetRequest("b", "10.0.1.0/25")]), "tests");
        var missing = await networks.GetAsync("no-such-net");

        Assert.Equal(ErrorCodes.ValidationFailed, overlapping.Error?.Code);
        Assert.Contains("重叠", overlapping.Error!.Message);
        Assert.Equal(ErrorCodes.NotFound, missing.Error?.Code);
        Assert.Equal("虚拟网络“no-such-net”不存在。", missing.Error!.Message);
    }
}
