using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;

namespace VmPortal.Web.Tests.Images;

/// <summary>
/// The replicas card shows each location's latest step beside it. A step is written in the language of whoever asked for
/// the replication, so the card finds its location in either language, whatever language the reader has.
/// </summary>
public sealed class ReplicaStepTests
{
    private static readonly ImageReplicaView[] Replicas =
        [new("North Europe", ReplicaState.Replicating, 10), new("West Europe", ReplicaState.Replicating, 0)];

    [Theory]
    [InlineData("Copying 2 disks to West Europe", "West Europe")]
    [InlineData("正在将 2 个磁盘复制到西欧", "West Europe")]
    [InlineData("正在将 1 个磁盘复制到北欧", "North Europe")]
    [InlineData("Removed the replica of image 'x' in East Asia", null)]
    public void A_step_is_matched_to_its_location_in_either_language(string step, string? location)
    {
        foreach (var reader in new[] { "en-US", "zh-CN" })
        {
            using var _ = new InCulture(reader);
            Assert.Equal(location, ReplicaText.LocationOf(step, Replicas));
        }
    }

    [Fact]
    public void A_location_is_spelled_by_its_English_name_and_its_Chinese_one()
    {
        using var _ = new InCulture("en-US");
        Assert.Equal(["West Europe", "西欧"], Locations.Spellings("West Europe"));
        Assert.Equal(["Mars Central"], Locations.Spellings("Mars Central"));
    }
}
